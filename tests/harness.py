"""Drive the production Application the way a user does, through the fake Bot API's in-process transport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Update

from bot.app import BotApplication, build_application
from bot.config import Settings
from fakebotapi import DEFAULT_TOKEN, FakeBotAPI, FakeRequest, Seen

ADMIN_ID = 900001


class BotHarness:
    def __init__(self, core: FakeBotAPI, app: BotApplication) -> None:
        self.core = core
        self.app = app

    @property
    def services(self) -> Any:
        return self.app.bot_data["services"]

    async def _feed(self, update: dict[str, Any], user_id: int) -> list[Seen]:
        before = len(self.core.chats[user_id].messages) if user_id in self.core.chats else 0
        self.core.take_update(update["update_id"])
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return [m for m in self.core.chats[user_id].messages[before:] if m.from_bot]

    async def send(self, user_id: int, text: str | None = None, **extra: Any) -> list[Seen]:
        """The user sends a message; returns the bot's new messages to them."""
        if user_id not in self.core.chats:
            self.core.add_user(user_id, first_name=f"User{user_id}")
        return await self._feed(self.core.user_sends(user_id, text, **extra), user_id)

    async def send_document(
        self, user_id: int, content: bytes, file_name: str, mime_type: str | None = None, caption: str | None = None
    ) -> list[Seen]:
        """The user sends a file as a document (``caption`` may be a command such as /import)."""
        file_id = self.core.add_file(content)
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": file_id.lower(), "file_name": file_name,
                                    "file_size": len(content)}  # fmt: skip
        if mime_type:
            document["mime_type"] = mime_type
        extra: dict[str, Any] = {"document": document}
        if caption:
            extra["caption"] = caption
            if caption.startswith("/"):
                extra["caption_entities"] = [{"type": "bot_command", "offset": 0, "length": len(caption.split()[0])}]
        return await self.send(user_id, None, **extra)

    async def inline(self, user_id: int, query: str) -> list[dict[str, Any]]:
        """The user types ``@bot query`` in some chat; returns the results the bot answered with."""
        if user_id not in self.core.chats:
            self.core.add_user(user_id, first_name=f"User{user_id}")
        update = self.core.user_inline_query(user_id, query)
        self.core.take_update(update["update_id"])
        await self.app.process_update(Update.de_json(update, self.app.bot))
        answer = self.core.inline_answers.get(update["inline_query"]["id"])
        assert answer is not None, "the bot did not answer the inline query"
        return list(answer["results"])

    async def share_contact(self, user_id: int, phone: str, own: bool = True) -> list[Seen]:
        return await self._feed(self.core.user_shares_contact(user_id, phone, own), user_id)

    async def press(self, user_id: int, label: str) -> list[Seen]:
        return await self._feed(self.core.user_presses(user_id, label), user_id)

    async def press_data(self, user_id: int, data: str) -> list[Seen]:
        return await self._feed(self.core.user_presses_data(user_id, data), user_id)

    def last(self, user_id: int) -> Seen:
        messages = self.core.bot_messages(user_id)
        assert messages, f"the bot sent nothing to {user_id}"
        return messages[-1]

    def alerts(self, user_id: int) -> list[str]:
        return self.core.chats[user_id].alerts


def make_settings(db_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "token": DEFAULT_TOKEN,
        "api_base_url": "http://127.0.0.1:1/bot",
        "database_path": db_path,
        "admin_ids": frozenset({ADMIN_ID}),
        # Tests play users far faster than people type; the flood guard has tests of its own.
        "flood_rate_per_minute": 1_000_000,
        "flood_burst": 1_000_000,
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def running_bot(
    settings: Settings, core: FakeBotAPI | None = None, rate_limit: bool = True
) -> AsyncIterator[BotHarness]:
    """The production Application on the fake Bot API; ``rate_limit=False`` drops the outgoing pacing (29.5 calls
    a second), for tests that press thousands of buttons and are not about pacing."""
    core = core or FakeBotAPI(token=settings.token)
    for admin in settings.admin_ids:
        core.add_user(admin, first_name="Admin")
    app = build_application(settings, request=FakeRequest(core), rate_limit=rate_limit)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    await app.start()
    try:
        yield BotHarness(core, app)
    finally:
        await app.stop()
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
