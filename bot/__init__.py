"""Balkan Cyber Talent Bridge: a Telegram bot for cybersecurity jobs and training in the Western Balkans."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED_DATA_DIR = PROJECT_ROOT / "seed_data"
