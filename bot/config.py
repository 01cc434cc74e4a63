"""Settings read once from the environment (and an optional ``.env`` file).

Every value is validated here so that a misconfiguration stops the bot at start-up with one clear line,
instead of surfacing later as an obscure failure deep inside a handler.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as a webhook secret_token
_HOST_RE = re.compile(r"^[A-Za-z0-9.:_-]+$")
WEBHOOK_PORTS = (443, 80, 88, 8443)  # the only ports Telegram posts webhooks to
_CHANNEL_RE = re.compile(r"^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$")


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
    webhook_url: str = ""  # the public https URL Telegram posts updates to; empty: long polling
    webhook_secret: str = ""  # required with webhook_url; Telegram sends it in X-Telegram-Bot-Api-Secret-Token
    webhook_listen: str = "127.0.0.1"  # where PTB's webhook server listens, behind the reverse proxy
    webhook_port: int = 8443
    health_port: int | None = None  # /healthz and /metrics; None: off
    health_listen: str = "127.0.0.1"
    log_format: str = "text"  # or "json": one JSON object per line
    backup_dir: Path | None = None  # daily online backups go here; None: no scheduled backups
    backup_keep: int = 14
    backup_time: time = time(3, 0)  # local time in default_timezone
    channel_id: int | str | None = None  # where newly opened posts are announced; None: nowhere

    @property
    def file_base_url(self) -> str:
        """Telegram serves files under ``/file/bot<token>`` beside ``/bot<token>``; derive it, don't ask twice."""
        base = self.api_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"

    @property
    def webhook_path(self) -> str:
        """The path of WEBHOOK_URL: the reverse proxy passes it through unchanged and PTB serves it."""
        return urlsplit(self.webhook_url).path or "/"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.default_timezone)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_ids


def read_dotenv(path: Path) -> dict[str, str]:
    """A ``.env`` file read by python-dotenv itself, so it means what it means everywhere else: comments after
    unquoted values (``LOG_LEVEL=INFO  # default``), quotes and escapes, ``export``, multi-line quoted values and
    ``${VAR}`` expansion. A key without ``=`` sets nothing."""
    if not path.is_file():
        return {}
    return {key: value for key, value in dotenv_values(path).items() if value is not None}


def _read_token(env: Mapping[str, str]) -> str:
    """The token from TELEGRAM_BOT_TOKEN, or from the file TELEGRAM_BOT_TOKEN_FILE names (container secrets,
    systemd's LoadCredential): one of them, never both."""
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    token_file = env.get("TELEGRAM_BOT_TOKEN_FILE", "").strip()
    if not token_file:
        return token
    if token:
        raise ConfigError("TELEGRAM_BOT_TOKEN and TELEGRAM_BOT_TOKEN_FILE are both set: keep one of them")
    try:
        token = Path(token_file).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(f"TELEGRAM_BOT_TOKEN_FILE cannot be read: {exc.strerror} ({token_file})") from None
    if not _TOKEN_RE.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN_FILE holds a malformed token: expected "
            f"'<digits>:<at least 20 letters, digits, _ or ->' in {token_file}"
        )
    return token


def _port(env: Mapping[str, str], name: str, default: int | None) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"{name} is malformed: expected a TCP port from 1 to 65535, got {raw!r}")
    return int(raw)


def _host(env: Mapping[str, str], name: str) -> str:
    host = env.get(name, "").strip() or "127.0.0.1"
    if not _HOST_RE.match(host):
        raise ConfigError(f"{name} is malformed: expected an IP address or host name such as 127.0.0.1, got {host!r}")
    return host


def _webhook(env: Mapping[str, str]) -> tuple[str, str]:
    url = env.get("WEBHOOK_URL", "").strip()
    secret = env.get("WEBHOOK_SECRET", "").strip()
    if secret and not _SECRET_RE.match(secret):
        raise ConfigError("WEBHOOK_SECRET is malformed: expected 1–256 characters of A-Z, a-z, 0-9, _ and -")
    if not url:
        return "", secret
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment or " " in url:
        raise ConfigError(
            "WEBHOOK_URL is malformed: expected the public https URL Telegram posts updates to, "
            f"such as https://bot.example.org/telegram/updates, got {url!r}"
        )
    if port is not None and port not in WEBHOOK_PORTS:
        raise ConfigError(f"WEBHOOK_URL is malformed: Telegram posts only to ports 443, 80, 88 and 8443, got {url!r}")
    if not secret:
        raise ConfigError(
            "WEBHOOK_SECRET is not set: required with WEBHOOK_URL; 1–256 characters of A-Z, a-z, 0-9, _ and -"
        )
    return url, secret


def _backups(env: Mapping[str, str]) -> tuple[Path | None, int, time]:
    folder = env.get("BACKUP_DIR", "").strip()
    keep = env.get("BACKUP_KEEP", "").strip() or "14"
    if not keep.isdigit() or int(keep) < 1:
        raise ConfigError(f"BACKUP_KEEP is malformed: expected a whole number of at least 1, got {keep!r}")
    at = env.get("BACKUP_TIME", "").strip() or "03:00"
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", at)
    if not match:
        raise ConfigError(f"BACKUP_TIME is malformed: expected a 24-hour time such as 03:00, got {at!r}")
    return (Path(folder) if folder else None), int(keep), time(int(match[1]), int(match[2]))


def load_settings(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env"), require_token: bool = True
) -> Settings:
    """Merge ``.env`` under the real environment (the environment wins) and validate every value."""
    env: dict[str, str] = read_dotenv(dotenv) if dotenv else {}
    env.update(os.environ if environ is None else environ)

    token = _read_token(env)
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

    webhook_url, webhook_secret = _webhook(env)
    log_format = (env.get("LOG_FORMAT", "").strip() or "text").lower()
    if log_format not in ("text", "json"):
        raise ConfigError(f"LOG_FORMAT is malformed: expected text or json, got {log_format!r}")
    backup_dir, backup_keep, backup_time = _backups(env)

    channel = env.get("CHANNEL_ID", "").strip()
    if channel and not _CHANNEL_RE.match(channel):
        raise ConfigError(
            f"CHANNEL_ID is malformed: expected a channel's numeric id (-100…) or its @username, got {channel!r}"
        )

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
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        webhook_listen=_host(env, "WEBHOOK_LISTEN"),
        webhook_port=_port(env, "WEBHOOK_PORT", 8443) or 8443,
        health_port=_port(env, "HEALTH_PORT", None),
        health_listen=_host(env, "HEALTH_LISTEN"),
        log_format=log_format,
        backup_dir=backup_dir,
        backup_keep=backup_keep,
        backup_time=backup_time,
        channel_id=(int(channel) if channel.lstrip("-").isdigit() else channel) if channel else None,
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


class RedactingFormatter(logging.Formatter):
    """The text log line, with the secrets replaced in all of it (a traceback can quote a URL with the token)."""

    def __init__(self, secrets: list[str], fmt: str | None = None) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "<redacted>")
        return text

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


class JsonFormatter(RedactingFormatter):
    """One JSON object per line (``LOG_FORMAT=json``): time (UTC), level, logger, message, and any exception."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            doc["stack"] = self.formatStack(record.stack_info)
        return self.redact(json.dumps(doc, ensure_ascii=False))


LOG_LINE = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    secrets = [settings.token, settings.webhook_secret]
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter(secrets) if settings.log_format == "json" else RedactingFormatter(secrets, LOG_LINE)
    )
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    # httpx logs every request URL, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    install_redaction(secrets)
