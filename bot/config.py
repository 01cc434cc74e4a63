"""Settings read once from the environment (and an optional ``.env`` file).

Every value is validated here so that a misconfiguration stops the bot at start-up with one clear line,
instead of surfacing later as an obscure failure deep inside a handler.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable and what is expected."""


@dataclass(frozen=True)
class Settings:
    token: str
    api_base_url: str = DEFAULT_API_BASE_URL
    database_path: Path = Path("data/bot.sqlite3")
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    default_timezone: str = "Europe/Belgrade"
    log_level: str = "INFO"
    max_open_vacancies: int = 20
    max_posts_per_day: int = 10
    digest_send_empty: bool = False
    flood_rate_per_minute: int = 100  # updates one user may send in any 60 s; see FloodGuard and docs/benchmarks.md
    flood_burst: int = 25  # updates one user may send in any 10 s

    @property
    def file_base_url(self) -> str:
        """Telegram serves files under ``/file/bot<token>`` beside ``/bot<token>``; derive it, don't ask twice."""
        base = self.api_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.default_timezone)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_ids


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse ``KEY=value`` lines; a tiny reader is enough and avoids one more dependency."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env"), require_token: bool = True
) -> Settings:
    """Merge ``.env`` under the real environment (the environment wins) and validate every value."""
    env: dict[str, str] = read_dotenv(dotenv) if dotenv else {}
    env.update(os.environ if environ is None else environ)

    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token and require_token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set: expected the token from @BotFather, e.g. 123456:ABC-DEF…")
    if token and not _TOKEN_RE.match(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN is malformed: expected '<digits>:<at least 20 letters, digits, _ or ->'")

    base = env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL
    if not re.match(r"^https?://[^\s/]+(/\S*)?$", base):
        raise ConfigError(f"TELEGRAM_API_BASE_URL is malformed: expected an http(s) URL such as {DEFAULT_API_BASE_URL}")

    db = Path(env.get("DATABASE_PATH", "").strip() or "data/bot.sqlite3")

    admins: set[int] = set()
    for part in env.get("ADMIN_IDS", "").replace(" ", "").split(","):
        if not part:
            continue
        if not re.fullmatch(r"-?\d{1,20}", part):
            raise ConfigError(f"ADMIN_IDS is malformed: expected comma-separated Telegram user ids, got {part!r}")
        admins.add(int(part))

    tz = env.get("DEFAULT_TIMEZONE", "").strip() or "Europe/Belgrade"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(  # noqa: B904 - the cause is in the message; a chained traceback is what we avoid
            f"DEFAULT_TIMEZONE is malformed: expected an IANA time zone such as Europe/Belgrade, got {tz!r}"
        )

    level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if level not in _LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL is malformed: expected one of {', '.join(_LOG_LEVELS)}, got {level!r}")

    quotas = {}
    for name, default in (
        ("MAX_OPEN_VACANCIES", 20), ("MAX_POSTS_PER_DAY", 10), ("FLOOD_RATE_PER_MINUTE", 100), ("FLOOD_BURST", 25)
    ):  # fmt: skip
        raw = env.get(name, "").strip() or str(default)
        if not raw.isdigit() or int(raw) < 1:
            raise ConfigError(f"{name} is malformed: expected a whole number of at least 1, got {raw!r}")
        quotas[name] = int(raw)

    send_empty = (env.get("DIGEST_SEND_EMPTY", "").strip() or "false").lower()
    if send_empty not in {"true", "false", "1", "0", "yes", "no"}:
        raise ConfigError(f"DIGEST_SEND_EMPTY is malformed: expected true or false, got {send_empty!r}")

    return Settings(
        digest_send_empty=send_empty in {"true", "1", "yes"},
        max_open_vacancies=quotas["MAX_OPEN_VACANCIES"],
        max_posts_per_day=quotas["MAX_POSTS_PER_DAY"],
        flood_rate_per_minute=quotas["FLOOD_RATE_PER_MINUTE"],
        flood_burst=quotas["FLOOD_BURST"],
        token=token,
        api_base_url=base,
        database_path=db,
        admin_ids=frozenset(admins),
        default_timezone=tz,
        log_level=level,
    )


class RedactingFilter(logging.Filter):
    """Replace secrets in a record, so neither our code nor a library can leak the token into a log."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "<redacted>")
            record.msg, record.args = message, None
        return True


def install_redaction(secrets: list[str]) -> Callable[[], None]:
    """Redact ``secrets`` from every log record as it is created, whatever handler later sees it.

    python-telegram-bot logs its API URL, which carries the token, at DEBUG; a filter on one handler would miss
    handlers added later. Returns a function that restores the previous record factory.
    """
    previous = logging.getLogRecordFactory()
    redactor = RedactingFilter(secrets)

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        redactor.filter(record)
        return record

    logging.setLogRecordFactory(factory)
    return lambda: logging.setLogRecordFactory(previous)


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    # httpx logs every request URL, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    install_redaction([settings.token])
