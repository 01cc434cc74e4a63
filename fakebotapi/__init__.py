"""A stand-in for the Telegram Bot API, so the real bot can be run and tested without a network."""

from fakebotapi.core import DEFAULT_TOKEN, FakeBotAPI, Seen
from fakebotapi.transport import FakeRequest

__all__ = ["DEFAULT_TOKEN", "FakeBotAPI", "FakeRequest", "Seen"]
