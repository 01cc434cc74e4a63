"""Command line: ``python -m bot`` runs the bot; sub-commands run it offline or help admins."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from pathlib import Path

from bot.config import ConfigError, Settings, configure_logging, load_settings
from bot.storage.db import DatabaseTooNewError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Balkan Cyber Talent Bridge Telegram bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (default): long polling, or a webhook server with WEBHOOK_URL")
    demo = sub.add_parser("demo", help="run the bot offline against an embedded fake Bot API, in this terminal")
    demo.add_argument("--db", type=Path, help="keep the demo database in this file (default: a throw-away one)")
    demo.add_argument("--language", default="en", help="the demo user's Telegram language code")
    digest = sub.add_parser("digest", help="run the digests of the current period from the shell")
    digest.add_argument("--now", action="store_true", required=True, help="send now to everyone who has not had theirs")
    report = sub.add_parser("report", help="write the insights as CSV tables and PNG charts to a folder")
    report.add_argument("--out", type=Path, required=True)
    i18n = sub.add_parser("i18n", help="check the catalogues, or add new English keys to the others")
    i18n.add_argument("action", choices=["check", "update"])
    backup = sub.add_parser("backup", help="a consistent copy of DATABASE_PATH, safe while the bot runs")
    backup.add_argument("path", type=Path)
    sub.add_parser("seed", help="load the sample organisations, vacancies and courses into DATABASE_PATH")
    skills = sub.add_parser("skills", help="show which taxonomy skill each text is recognised as")
    skills.add_argument("texts", nargs="+")
    return parser


def _settings(require_token: bool = True) -> Settings | None:
    """Settings, or None after printing the one-line reason (the caller exits with 2)."""
    try:
        return load_settings(require_token=require_token)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return None


def run_bot() -> int:
    settings = _settings()
    if settings is None:
        return 2
    configure_logging(settings)
    from bot.lifecycle import serve

    try:
        return asyncio.run(serve(settings))
    except DatabaseTooNewError as exc:
        print(f"database error: {exc}", file=sys.stderr)
        return 2


async def digest_now() -> int:
    """The same as an admin's /digest_now: this period's digests for everyone who has not had theirs."""
    settings = _settings()
    if settings is None:
        return 2
    configure_logging(settings)
    from bot.app import build_application
    from bot.handlers.digest import RUNNER_KEY

    application = build_application(settings)
    try:
        await application.initialize()
    except DatabaseTooNewError as exc:
        print(f"database error: {exc}", file=sys.stderr)
        return 2
    loop = asyncio.get_running_loop()
    try:
        assert application.post_init is not None
        await application.post_init(application)
        runner = application.bot_data[RUNNER_KEY]
        for sig in (signal.SIGTERM, signal.SIGINT):  # stop cleanly: the rest stays pending for the next run
            loop.add_signal_handler(sig, runner.request_stop)
        summary = await runner.run("now")
    finally:
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
    if summary is None and runner.stopping:
        print("stopped before the run ended; the rest goes out on the next run", file=sys.stderr)
        return 0
    if summary is None:
        print("another process is running the digest; nothing sent", file=sys.stderr)
        return 1
    stopped = {"stopped": True} if summary.stopped else {}
    print(
        json.dumps(
            {
                "run": summary.run_id,
                "new": summary.enqueued,
                "recovered": summary.recovered,
                **summary.counts,
                **stopped,
            }
        )
    )
    return 0


async def report(out: Path) -> int:
    settings = _settings(require_token=False)
    if settings is None:
        return 2
    from bot.report import build_report, write_files

    for path in write_files(await build_report(settings), out):
        print(path)
    return 0


def take_backup(path: Path) -> int:
    settings = _settings(require_token=False)
    if settings is None:
        return 2
    from bot.backup import backup

    try:
        result = backup(settings.database_path, path)
    except (FileNotFoundError, OSError) as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0 if result["integrity"] == "ok" else 1


async def seed() -> int:
    settings = _settings(require_token=False)
    if settings is None:
        return 2
    from bot.services import Services

    services = Services.create(settings)
    await services.db.connect()
    try:
        counts = await services.seed_samples()
    finally:
        await services.db.close()
    print(
        f"loaded {counts['organisations']} organisations, {counts['vacancies']} vacancies, {counts['courses']} courses"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in (None, "run"):
        return run_bot()
    if args.command == "demo":
        from bot.demo import run_demo

        return asyncio.run(run_demo(args.db, args.language))
    if args.command == "digest":
        return asyncio.run(digest_now())
    if args.command == "report":
        return asyncio.run(report(args.out))
    if args.command == "i18n":
        from bot.i18n.tools import main as i18n_main

        return i18n_main(args.action)
    if args.command == "backup":
        return take_backup(args.path)
    if args.command == "seed":
        return asyncio.run(seed())
    if args.command == "skills":
        from bot.matching.cli import print_skills

        return print_skills(args.texts)
    return 2


if __name__ == "__main__":
    sys.exit(main())
