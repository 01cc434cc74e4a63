"""Balkan Cyber Talent Bridge: a Telegram bot for cybersecurity jobs and training in the Western Balkans."""

import os
from pathlib import Path

# python-telegram-bot 22 reports durations (e.g. RetryAfter.retry_after) as timedelta when opted in, which is
# what its next major version does; opting in now keeps our code forward-compatible and free of warnings.
os.environ.setdefault("PTB_TIMEDELTA", "1")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED_DATA_DIR = PROJECT_ROOT / "seed_data"
