"""A python-telegram-bot persistence on our SQLite file, so half-filled conversations survive a restart.

No maintained SQLite persistence exists for python-telegram-bot 20+. We keep only what the bot needs:
conversation states and per-user form drafts (JSON), each row tied to its user so erasing a user erases them.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

from bot.storage.db import Database

JSONDict = dict[str, Any]


class SqlitePersistence(BasePersistence[JSONDict, JSONDict, JSONDict]):
    def __init__(self, db: Database, update_interval: float = 1.0) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=update_interval,
        )
        self.db = db

    async def get_user_data(self) -> dict[int, JSONDict]:
        await self.db.connect()
        rows = await self.db.fetch_all("SELECT user_id, data FROM user_data")
        return {row["user_id"]: json.loads(row["data"]) for row in rows}

    async def get_chat_data(self) -> dict[int, JSONDict]:
        return {}

    async def get_bot_data(self) -> JSONDict:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        await self.db.connect()
        rows = await self.db.fetch_all("SELECT key, state FROM conversation_state WHERE name = ?", (name,))
        return {tuple(json.loads(row["key"])): json.loads(row["state"]) for row in rows}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        key_json = json.dumps(list(key))
        # Keys are (chat_id, user_id) in private chats; the last element is the user the state belongs to.
        user_id = key[-1] if key and isinstance(key[-1], int) else None
        async with self.db.transaction() as conn:
            if new_state is None:
                await conn.execute("DELETE FROM conversation_state WHERE name = ? AND key = ?", (name, key_json))
                return
            await conn.execute(
                """
                INSERT INTO conversation_state (name, key, user_id, state)
                VALUES (?, ?, (SELECT telegram_id FROM users WHERE telegram_id = ?), ?)
                ON CONFLICT (name, key) DO UPDATE SET state = excluded.state, user_id = excluded.user_id
                """,
                (name, key_json, user_id, json.dumps(new_state)),
            )

    async def update_user_data(self, user_id: int, data: JSONDict) -> None:
        async with self.db.transaction() as conn:
            exists = await (await conn.execute("SELECT 1 FROM users WHERE telegram_id = ?", (user_id,))).fetchone()
            if not exists:
                return
            if not data:
                await conn.execute("DELETE FROM user_data WHERE user_id = ?", (user_id,))
                return
            await conn.execute(
                "INSERT INTO user_data (user_id, data) VALUES (?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET data = excluded.data",
                (user_id, json.dumps(deepcopy(data))),
            )

    async def update_chat_data(self, chat_id: int, data: JSONDict) -> None:
        return None

    async def update_bot_data(self, data: JSONDict) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM user_data WHERE user_id = ?", (user_id,))

    async def refresh_user_data(self, user_id: int, user_data: JSONDict) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: JSONDict) -> None:
        return None

    async def refresh_bot_data(self, bot_data: JSONDict) -> None:
        return None

    async def flush(self) -> None:
        return None
