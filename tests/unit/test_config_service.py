"""Settings for running as a service: .env read by python-dotenv's rules, the token from a file, webhook, health,
backups and JSON logs (with the token redacted in every line, tracebacks included)."""

from __future__ import annotations

import io
import json
import logging
from datetime import time
from pathlib import Path

import pytest

from bot.config import ConfigError, JsonFormatter, RedactingFormatter, Settings, load_settings
from fakebotapi import DEFAULT_TOKEN


def settings_from(env: dict[str, str], dotenv: Path | None = None) -> Settings:
    return load_settings(env, dotenv=dotenv, require_token=False)


def test_dotenv_follows_python_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\n"
        "LOG_LEVEL=WARNING  # default is INFO\n"
        "export ADMIN_IDS=1,2\n"
        'DEFAULT_TIMEZONE="Europe/Skopje"\n'
        "STATE=/var/lib/tb\n"
        "BACKUP_DIR=${STATE}/backups\n"
        "DIGEST_SEND_EMPTY='true' # quoted\n"
        "NO_VALUE\n",
        encoding="utf-8",
    )
    settings = settings_from({}, dotenv)
    assert settings.log_level == "WARNING"
    assert settings.admin_ids == frozenset({1, 2})
    assert settings.default_timezone == "Europe/Skopje"
    assert settings.digest_send_empty is True
    assert settings.backup_dir == Path("/var/lib/tb/backups")  # ${VAR} expanded
    assert settings_from({"LOG_LEVEL": "ERROR"}, dotenv).log_level == "ERROR"  # the environment wins


def test_token_from_a_file_and_never_both(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text(DEFAULT_TOKEN + "\n", encoding="utf-8")
    assert settings_from({"TELEGRAM_BOT_TOKEN_FILE": str(secret)}).token == DEFAULT_TOKEN
    with pytest.raises(ConfigError, match="both set"):
        settings_from({"TELEGRAM_BOT_TOKEN_FILE": str(secret), "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN})
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN_FILE cannot be read"):
        settings_from({"TELEGRAM_BOT_TOKEN_FILE": str(tmp_path / "missing")})
    secret.write_text("not a token", encoding="utf-8")
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN_FILE holds a malformed token") as raised:
        settings_from({"TELEGRAM_BOT_TOKEN_FILE": str(secret)})
    assert "not a token" not in str(raised.value)


def test_webhook_settings() -> None:
    assert settings_from({}).webhook_url == ""  # polling
    settings = settings_from({"WEBHOOK_URL": "https://bot.example.org/tg/x-1", "WEBHOOK_SECRET": "abc_DEF-9"})
    assert (settings.webhook_path, settings.webhook_listen, settings.webhook_port) == ("/tg/x-1", "127.0.0.1", 8443)
    settings = settings_from(
        {"WEBHOOK_URL": "https://bot.example.org:88", "WEBHOOK_SECRET": "s", "WEBHOOK_LISTEN": "0.0.0.0",
         "WEBHOOK_PORT": "9000"}
    )  # fmt: skip
    assert (settings.webhook_path, settings.webhook_listen, settings.webhook_port) == ("/", "0.0.0.0", 9000)
    for env, needle in (
        ({"WEBHOOK_URL": "https://bot.example.org/x"}, "WEBHOOK_SECRET is not set"),
        ({"WEBHOOK_URL": "http://bot.example.org/x", "WEBHOOK_SECRET": "s"}, "WEBHOOK_URL is malformed"),
        ({"WEBHOOK_URL": "https://bot.example.org:8080/x", "WEBHOOK_SECRET": "s"}, "443, 80, 88 and 8443"),
        ({"WEBHOOK_URL": "https://bot.example.org/x", "WEBHOOK_SECRET": "has space"}, "WEBHOOK_SECRET is malformed"),
        ({"WEBHOOK_URL": "https://bot.example.org/x", "WEBHOOK_SECRET": "x" * 257}, "WEBHOOK_SECRET is malformed"),
        ({"WEBHOOK_PORT": "70000"}, "WEBHOOK_PORT is malformed"),
        ({"HEALTH_PORT": "abc"}, "HEALTH_PORT is malformed"),
        ({"HEALTH_LISTEN": "a b"}, "HEALTH_LISTEN is malformed"),
    ):
        with pytest.raises(ConfigError, match=needle):
            settings_from(env)
    assert settings_from({"WEBHOOK_SECRET": "x" * 256}).webhook_secret == "x" * 256


def test_health_backup_and_log_settings() -> None:
    defaults = settings_from({})
    assert defaults.health_port is None and defaults.health_listen == "127.0.0.1"
    assert defaults.backup_dir is None and defaults.backup_keep == 14 and defaults.backup_time == time(3, 0)
    assert defaults.log_format == "text"
    settings = settings_from(
        {"HEALTH_PORT": "9101", "BACKUP_DIR": "/var/backups/tb", "BACKUP_KEEP": "7", "BACKUP_TIME": "23:45",
         "LOG_FORMAT": "JSON"}
    )  # fmt: skip
    assert settings.health_port == 9101 and settings.backup_dir == Path("/var/backups/tb")
    assert (settings.backup_keep, settings.backup_time, settings.log_format) == (7, time(23, 45), "json")
    for env, needle in (
        ({"BACKUP_KEEP": "0"}, "BACKUP_KEEP"),
        ({"BACKUP_TIME": "25:00"}, "BACKUP_TIME"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
    ):
        with pytest.raises(ConfigError, match=needle):
            settings_from(env)


@pytest.mark.parametrize("formatter", [JsonFormatter, RedactingFormatter])
def test_log_lines_redact_the_secrets_everywhere(formatter: type[RedactingFormatter]) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter([DEFAULT_TOKEN, "hook-secret"]))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("calling https://api.telegram.org/bot%s/getMe", DEFAULT_TOKEN)
        try:
            raise RuntimeError(f"failed https://api.telegram.org/bot{DEFAULT_TOKEN}/x with hook-secret")
        except RuntimeError:
            logger.exception("boom")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert DEFAULT_TOKEN not in output and "hook-secret" not in output
    assert output.count("<redacted>") >= 3
    if formatter is JsonFormatter:
        lines = [json.loads(line) for line in output.splitlines()]
        assert [line["level"] for line in lines] == ["WARNING", "ERROR"]
        assert "Traceback" in lines[1]["exception"] and lines[1]["logger"] == "test.redaction"
