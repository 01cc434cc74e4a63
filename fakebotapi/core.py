"""The state and rules of a stand-in Telegram Bot API, shared by the in-process transport and the HTTP server.

It answers like Telegram where the bot can tell the difference: the response envelope and HTTP status, the real
error descriptions, message limits, HTML validation, long-polling ``getUpdates``, optional flood control, and
faults injected on purpose. It also plays the users: they send text, press buttons and read what they see.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import math
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fakebotapi.html import EntityParseError, parse_html, utf16_len

log = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456789:TEST-fake-token-for-offline-use-only"
JSON_FIELDS = {
    "reply_markup", "commands", "scope", "allowed_updates", "link_preview_options", "reply_parameters",
    "entities", "caption_entities", "media", "results", "button",
}  # fmt: skip
SEND_METHODS = {"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagereplymarkup"}
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)


class FakeTimeout(Exception):
    """The request should look like it timed out on the client side."""


@dataclass
class Fault:
    kind: str  # "429", "403", "5xx", "timeout"
    method: str | None = None
    chat_id: int | None = None
    times: int = 1
    retry_after: int = 1
    status: int = 500
    delivered: bool = False  # for timeouts: the message still reaches the user


@dataclass
class Seen:
    """One message in a chat, as the user sees it now (edits replace text and buttons)."""

    message_id: int
    from_bot: bool
    text: str
    html: str = ""
    buttons: list[list[dict[str, Any]]] = field(default_factory=list)
    document: dict[str, Any] | None = None
    edited: bool = False
    kind: str = "text"  # "text", "document" or "photo"
    reply_keyboard: list[list[dict[str, Any]]] = field(default_factory=list)  # buttons under the input field

    def button_labels(self) -> list[str]:
        return [b["text"] for row in self.buttons for b in row]


@dataclass
class Chat:
    user: dict[str, Any]  # the user of a private chat; a channel's is empty
    messages: list[Seen] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    reply_keyboard: list[list[dict[str, Any]]] = field(default_factory=list)  # shown until the bot removes it
    next_id: int = 1
    kind: str = "private"  # or "channel" (``add_channel``), where only the bot posts
    title: str = ""
    username: str | None = None

    def last_bot(self) -> Seen | None:
        return next((m for m in reversed(self.messages) if m.from_bot), None)


class TelegramFault(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


class FakeBotAPI:
    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        flood_control: bool = False,
        overall_per_second: int = 30,
        per_chat_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.bot_user = {
            "id": int(token.split(":")[0]), "is_bot": True, "first_name": "Cyber Talent Bridge",
            "username": "cyber_talent_bridge_bot", "can_join_groups": False,
            "can_read_all_group_messages": False, "supports_inline_queries": True,
        }  # fmt: skip
        self.flood_control = flood_control
        self.overall_per_second = overall_per_second
        self.per_chat_interval = per_chat_interval
        self.clock = clock
        self.chats: dict[int, Chat] = {}
        self.blocked: set[int] = set()
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.journal: list[tuple[str, dict[str, Any], int]] = []
        self.unknown_methods: list[str] = []
        self.faults: list[Fault] = []
        self.retry_after_events = 0
        self.get_updates_calls = 0
        self.files: dict[str, bytes] = {}
        self.listeners: list[Callable[[int, Seen], None]] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._open_queries: dict[str, int] = {}
        self._open_inline: dict[str, int] = {}
        self.inline_answers: dict[str, dict[str, Any]] = {}  # inline query id -> what answerInlineQuery sent
        self._sent_times: deque[float] = deque()
        self._last_chat_send: dict[int, float] = {}
        self._polling = False
        self._poll_generation = 0
        self.webhook: dict[str, Any] = {}  # what setWebhook registered: url, secret_token, allowed_updates
        self._cond: asyncio.Condition | None = None

    # ------------------------------------------------------------------ plumbing
    @property
    def changed(self) -> asyncio.Condition:
        if self._cond is None:
            self._cond = asyncio.Condition()
        return self._cond

    async def _notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until ``predicate()`` is truthy (it is re-checked whenever the fake's state changes)."""
        async with self.changed:
            return await asyncio.wait_for(self.changed.wait_for(predicate), timeout)

    def inject(self, kind: str, **kwargs: Any) -> Fault:
        fault = Fault(kind=kind, **kwargs)
        self.faults.append(fault)
        return fault

    def _take_fault(self, method: str, chat_id: int | None) -> Fault | None:
        for fault in self.faults:
            if fault.method and fault.method.lower() != method:
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            fault.times -= 1
            if fault.times <= 0:
                self.faults.remove(fault)
            return fault
        return None

    # ------------------------------------------------------------------ the Bot API
    async def handle(
        self, token: str, method: str, raw: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call: (HTTP status, JSON envelope). Raises FakeTimeout for injected timeouts."""
        params = self._decode(raw)
        name = method.lower()
        if token != self.token:
            return self._record(method, params, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        handler = getattr(self, f"_m_{name}", None)
        if handler is None:
            self.unknown_methods.append(method)
            log.error("fake Bot API: unknown method %s", method)
            return self._record(method, params, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
        chat_id = params.get("chat_id")
        try:
            if name != "getupdates":
                self._apply_fault(name, chat_id if isinstance(chat_id, int) else None, params, files)
                if self.flood_control and name in SEND_METHODS:
                    self._check_flood(chat_id if isinstance(chat_id, int) else 0)
            result = await handler(params, files or {})
        except TelegramFault as fault:
            body: dict[str, Any] = {"ok": False, "error_code": fault.status, "description": fault.description}
            if fault.retry_after is not None:
                body["parameters"] = {"retry_after": fault.retry_after}
                self.retry_after_events += 1
            return self._record(method, params, fault.status, body)
        return self._record(method, params, 200, {"ok": True, "result": result})

    def _record(self, method: str, params: dict[str, Any], status: int, body: dict[str, Any]) -> tuple[int, dict]:
        if method.lower() == "getupdates":
            self.get_updates_calls += 1
        else:
            self.journal.append((method, params, status))
        return status, body

    @staticmethod
    def _decode(raw: dict[str, str]) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if key in JSON_FIELDS and isinstance(value, str):
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value
            elif key in {"chat_id", "message_id", "offset", "limit", "timeout", "user_id", "cache_time"}:
                try:
                    params[key] = int(value)
                except (TypeError, ValueError):
                    params[key] = value
            else:
                params[key] = value
        return params

    def _apply_fault(self, name: str, chat_id: int | None, params: dict, files: dict | None) -> None:
        fault = self._take_fault(name, chat_id)
        if fault is None:
            return
        if fault.kind == "429":
            raise TelegramFault(429, f"Too Many Requests: retry after {fault.retry_after}", fault.retry_after)
        if fault.kind == "403":
            raise TelegramFault(403, "Forbidden: bot was blocked by the user")
        if fault.kind == "5xx":
            raise TelegramFault(fault.status, "Internal Server Error")
        if fault.kind == "timeout":
            if fault.delivered and name == "sendmessage" and chat_id in self.chats:
                self._deliver(chat_id, params.get("text", ""), params)
            raise FakeTimeout(name)

    def _check_flood(self, chat_id: int) -> None:
        now = self.clock()
        while self._sent_times and now - self._sent_times[0] >= 1.0:
            self._sent_times.popleft()
        last = self._last_chat_send.get(chat_id)
        if last is not None and now - last < self.per_chat_interval:
            wait = max(1, math.ceil(self.per_chat_interval - (now - last)))
            raise TelegramFault(429, f"Too Many Requests: retry after {wait}", wait)
        if len(self._sent_times) >= self.overall_per_second:
            raise TelegramFault(429, "Too Many Requests: retry after 1", 1)
        self._sent_times.append(now)
        self._last_chat_send[chat_id] = now

    def _chat(self, params: dict[str, Any]) -> tuple[int, Chat]:
        chat_id = params.get("chat_id")
        if isinstance(chat_id, str) and chat_id.startswith("@"):  # a channel by its public username
            chat_id = next((i for i, c in self.chats.items() if c.username and "@" + c.username == chat_id), None)
        if not isinstance(chat_id, int) or chat_id not in self.chats:
            raise TelegramFault(400, "Bad Request: chat not found")
        if chat_id in self.blocked:
            raise TelegramFault(403, "Forbidden: bot was blocked by the user")
        return chat_id, self.chats[chat_id]

    @staticmethod
    def _validate_text(text: str, parse_mode: str | None, limit: int, too_long: str, empty: str | None) -> str:
        if parse_mode and parse_mode.upper() == "HTML":
            try:
                plain = parse_html(text)
            except EntityParseError as exc:
                raise TelegramFault(400, f"Bad Request: can't parse entities: {exc}") from None
        else:
            plain = text
        if empty and not plain.strip():
            raise TelegramFault(400, empty)
        if utf16_len(plain) > limit:
            raise TelegramFault(400, too_long)
        return plain

    @staticmethod
    def _validate_markup(markup: Any) -> list[list[dict[str, Any]]]:
        if not markup:
            return []
        if not isinstance(markup, dict):
            raise TelegramFault(400, "Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard") or []
        for row in rows:
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise TelegramFault(400, "Bad Request: BUTTON_DATA_INVALID")
        return rows

    def _message_dict(self, chat_id: int, seen: Seen, from_bot: bool = True) -> dict[str, Any]:
        chat = self.chats[chat_id]
        msg: dict[str, Any] = {
            "message_id": seen.message_id, "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": chat.user.get("first_name", "")},
            "from": self.bot_user if from_bot else chat.user,
        }  # fmt: skip
        if chat.kind == "channel":  # a channel post names the channel, not a sender
            msg["chat"] = {"id": chat_id, "type": "channel", "title": chat.title}
            msg.pop("from")
        if seen.text:
            msg["text"] = seen.text
        if seen.buttons:
            msg["reply_markup"] = {"inline_keyboard": seen.buttons}
        if seen.document:
            msg["document"] = seen.document
            msg.pop("text", None)
            if seen.text:
                msg["caption"] = seen.text
        return msg

    def _deliver(
        self, chat_id: int, text: str, params: dict[str, Any], document: dict | None = None, kind: str | None = None
    ) -> Seen:
        chat = self.chats[chat_id]
        plain = parse_html(text) if (params.get("parse_mode") or "").upper() == "HTML" else text
        seen = Seen(
            chat.next_id,
            True,
            plain,
            text,
            self._validate_markup(params.get("reply_markup")),
            document=document,
        )
        if kind is not None:  # set before the listeners see it (the demo prints a photo as a picture)
            seen.kind = kind
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "keyboard" in markup:
            chat.reply_keyboard = markup["keyboard"]
            seen.reply_keyboard = markup["keyboard"]
        elif isinstance(markup, dict) and markup.get("remove_keyboard"):
            chat.reply_keyboard = []
        chat.next_id += 1
        chat.messages.append(seen)
        for listener in self.listeners:
            listener(chat_id, seen)
        return seen

    async def _m_getme(self, params: dict, files: dict) -> dict[str, Any]:
        return self.bot_user

    async def _m_logout(self, params: dict, files: dict) -> bool:
        return True

    async def _m_close(self, params: dict, files: dict) -> bool:
        return True

    async def _m_deletewebhook(self, params: dict, files: dict) -> bool:
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._updates.clear()
        self.webhook = {}
        return True

    async def _m_setwebhook(self, params: dict, files: dict) -> bool:
        url = params.get("url", "")
        if url and not url.startswith("https://"):
            raise TelegramFault(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise TelegramFault(400, "Bad Request: secret token contains unallowed characters")
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._updates.clear()
        self.webhook = {"url": url, "secret_token": secret, "allowed_updates": params.get("allowed_updates")}
        if not url:
            self.webhook = {}
        await self._notify()
        return True

    async def _m_getwebhookinfo(self, params: dict, files: dict) -> dict[str, Any]:
        return {
            "url": self.webhook.get("url", ""), "has_custom_certificate": False,
            "pending_update_count": len(self._updates) if self.webhook else 0,
            "max_connections": 40, "allowed_updates": self.webhook.get("allowed_updates") or [],
        }  # fmt: skip

    async def _m_getupdates(self, params: dict, files: dict) -> list[dict[str, Any]]:
        if self.webhook:
            raise TelegramFault(409, WEBHOOK_ACTIVE)
        # As on Telegram, a newer getUpdates terminates one still waiting, which answers 409.
        self._poll_generation += 1
        generation = self._poll_generation
        if self._polling:
            await self._notify()
        offset = params.get("offset")
        if isinstance(offset, int) and offset:
            before = len(self._updates)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if len(self._updates) != before:
                await self._notify()
        limit = params.get("limit") if isinstance(params.get("limit"), int) else 100
        timeout = params.get("timeout") if isinstance(params.get("timeout"), int) else 0
        allowed = params.get("allowed_updates")

        def ready() -> list[dict[str, Any]]:
            found = [u for u in self._updates if not allowed or any(k in u for k in allowed)]
            return found[:limit]

        if not ready() and timeout > 0:
            self._polling = True
            try:
                async with self.changed:
                    await asyncio.wait_for(
                        self.changed.wait_for(lambda: bool(ready()) or generation != self._poll_generation),
                        timeout,
                    )
            except TimeoutError:
                pass
            finally:
                self._polling = generation != self._poll_generation
            if generation != self._poll_generation:
                raise TelegramFault(409, CONFLICT)
        return ready()

    async def _m_setmycommands(self, params: dict, files: dict) -> bool:
        key = (
            json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True),
            params.get("language_code", ""),
        )
        commands = params.get("commands") or []
        for command in commands:
            if not 1 <= len(command.get("description", "")) <= 256:
                raise TelegramFault(400, "Bad Request: command description is empty or too long")
        self.commands[key] = commands
        return True

    async def _m_getmycommands(self, params: dict, files: dict) -> list[dict[str, Any]]:
        key = (
            json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True),
            params.get("language_code", ""),
        )
        return self.commands.get(key, [])

    async def _m_deletemycommands(self, params: dict, files: dict) -> bool:
        key = (
            json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True),
            params.get("language_code", ""),
        )
        self.commands.pop(key, None)
        return True

    async def _m_setmydescription(self, params: dict, files: dict) -> bool:
        return True

    async def _m_setmyshortdescription(self, params: dict, files: dict) -> bool:
        return True

    async def _m_sendchataction(self, params: dict, files: dict) -> bool:
        self._chat(params)
        return True

    async def _m_sendmessage(self, params: dict, files: dict) -> dict[str, Any]:
        chat_id, _ = self._chat(params)
        text = params.get("text", "")
        self._validate_text(
            text,
            params.get("parse_mode"),
            4096,
            "Bad Request: message is too long",
            "Bad Request: message text is empty",
        )
        self._validate_markup(params.get("reply_markup"))
        seen = self._deliver(chat_id, text, params)
        await self._notify()
        return self._message_dict(chat_id, seen)

    async def _m_editmessagetext(self, params: dict, files: dict) -> dict[str, Any]:
        chat_id, chat = self._chat(params)
        seen = next((m for m in chat.messages if m.message_id == params.get("message_id") and m.from_bot), None)
        if seen is None:
            raise TelegramFault(400, "Bad Request: message to edit not found")
        text = params.get("text", "")
        plain = self._validate_text(
            text,
            params.get("parse_mode"),
            4096,
            "Bad Request: message is too long",
            "Bad Request: message text is empty",
        )
        buttons = self._validate_markup(params.get("reply_markup"))
        if plain == seen.text and buttons == seen.buttons:
            raise TelegramFault(400, NOT_MODIFIED)
        seen.text, seen.html, seen.buttons, seen.edited = plain, text, buttons, True
        for listener in self.listeners:
            listener(chat_id, seen)
        await self._notify()
        return self._message_dict(chat_id, seen)

    async def _m_editmessagereplymarkup(self, params: dict, files: dict) -> dict[str, Any]:
        chat_id, chat = self._chat(params)
        seen = next((m for m in chat.messages if m.message_id == params.get("message_id") and m.from_bot), None)
        if seen is None:
            raise TelegramFault(400, "Bad Request: message to edit not found")
        buttons = self._validate_markup(params.get("reply_markup"))
        if buttons == seen.buttons:
            raise TelegramFault(400, NOT_MODIFIED)
        seen.buttons, seen.edited = buttons, True
        for listener in self.listeners:
            listener(chat_id, seen)
        await self._notify()
        return self._message_dict(chat_id, seen)

    async def _m_deletemessage(self, params: dict, files: dict) -> bool:
        _, chat = self._chat(params)
        before = len(chat.messages)
        chat.messages = [m for m in chat.messages if m.message_id != params.get("message_id")]
        if len(chat.messages) == before:
            raise TelegramFault(400, "Bad Request: message to delete not found")
        await self._notify()
        return True

    async def _m_answercallbackquery(self, params: dict, files: dict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        chat_id = self._open_queries.pop(query_id, None)
        if chat_id is None:
            raise TelegramFault(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if text:
            if len(text) > 200:
                raise TelegramFault(400, "Bad Request: MESSAGE_TOO_LONG")
            self.chats[chat_id].alerts.append(text)
        await self._notify()
        return True

    async def _m_answerinlinequery(self, params: dict, files: dict) -> bool:
        query_id = str(params.get("inline_query_id", ""))
        if query_id not in self._open_inline:
            raise TelegramFault(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        results = params.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise TelegramFault(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = set()
        for result in results:
            result_id = str(result.get("id", ""))
            if not 1 <= len(result_id.encode()) <= 64 or result_id in ids:
                raise TelegramFault(400, "Bad Request: RESULT_ID_INVALID")
            ids.add(result_id)
            if result.get("type") != "article" or not result.get("title"):
                raise TelegramFault(400, "Bad Request: RESULT_TYPE_INVALID")
            content = result.get("input_message_content") or {}
            self._validate_text(
                content.get("message_text", ""),
                content.get("parse_mode"),
                4096,
                "Bad Request: MESSAGE_TOO_LONG",
                "Bad Request: message text is empty",
            )
            self._validate_markup(result.get("reply_markup"))
        self._open_inline.pop(query_id)
        self.inline_answers[query_id] = params
        await self._notify()
        return True

    async def _upload(self, params: dict, files: dict, field_name: str) -> dict[str, Any]:
        chat_id, _ = self._chat(params)
        caption = params.get("caption", "")
        if caption:
            self._validate_text(
                caption, params.get("parse_mode"), 1024, "Bad Request: message caption is too long", None
            )
        if field_name in files:
            filename, content = files[field_name]
        elif isinstance(params.get(field_name), str) and params[field_name].startswith("attach://"):
            filename, content = files[params[field_name].removeprefix("attach://")]
        elif isinstance(params.get(field_name), str) and params[field_name] in self.files:
            filename, content = params[field_name], self.files[params[field_name]]
        else:
            raise TelegramFault(400, "Bad Request: there is no document in the request")
        file_id = f"FILE{next(self._file_ids)}"
        self.files[file_id] = content
        document = {
            "file_id": file_id, "file_unique_id": file_id.lower(), "file_name": filename,
            "mime_type": "application/octet-stream", "file_size": len(content),
        }  # fmt: skip
        seen = self._deliver(chat_id, caption, params, document=document, kind=field_name)
        await self._notify()
        msg = self._message_dict(chat_id, seen)
        if field_name == "photo":
            msg.pop("document", None)
            msg["photo"] = [{"file_id": file_id, "file_unique_id": file_id.lower(), "width": 1, "height": 1}]
        return msg

    async def _m_senddocument(self, params: dict, files: dict) -> dict[str, Any]:
        return await self._upload(params, files, "document")

    async def _m_sendphoto(self, params: dict, files: dict) -> dict[str, Any]:
        return await self._upload(params, files, "photo")

    async def _m_getfile(self, params: dict, files: dict) -> dict[str, Any]:
        file_id = params.get("file_id", "")
        if file_id not in self.files:
            raise TelegramFault(400, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": file_id.lower(), "file_size": len(self.files[file_id]),
                "file_path": f"documents/{file_id}"}  # fmt: skip

    def file_content(self, token: str, path: str) -> bytes | None:
        if token != self.token:
            return None
        return self.files.get(path.rsplit("/", 1)[-1])

    # ------------------------------------------------------------------ playing the users
    def add_user(self, user_id: int, first_name: str = "Ana", language_code: str | None = "en",
                 username: str | None = None) -> dict[str, Any]:  # fmt: skip
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        if username:
            user["username"] = username
        if user_id not in self.chats:
            self.chats[user_id] = Chat(user=user)
        else:
            self.chats[user_id].user = user
        return user

    def add_channel(self, chat_id: int, title: str = "Channel", username: str | None = None) -> Chat:
        """A channel the bot may post to (as its admin): messages sent there are kept like any chat's."""
        self.chats[chat_id] = Chat(user={}, kind="channel", title=title, username=username)
        return self.chats[chat_id]

    def add_file(self, content: bytes) -> str:
        """Store a file as if a user had uploaded it; returns its file_id (for ``getFile`` and the download)."""
        file_id = f"FILE{next(self._file_ids)}"
        self.files[file_id] = content
        return file_id

    def _push(self, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **payload}
        self._updates.append(update)
        if self._cond is not None:
            with contextlib.suppress(RuntimeError):  # no loop: nobody can be waiting
                asyncio.get_running_loop().create_task(self._notify())
        return update

    def take_update(self, update_id: int) -> None:
        """Mark an update as consumed by a harness that feeds the Application directly."""
        self._updates = [u for u in self._updates if u["update_id"] != update_id]

    def pending_updates(self) -> int:
        return len(self._updates)

    def user_sends(self, user_id: int, text: str | None = None, **extra: Any) -> dict[str, Any]:
        """The user types ``text`` (or sends ``extra`` such as a sticker); returns the update."""
        chat = self.chats.get(user_id) or self.chats[self.add_user(user_id)["id"]]
        seen = Seen(chat.next_id, False, text or "")
        chat.next_id += 1
        chat.messages.append(seen)
        message = self._message_dict(user_id, seen, from_bot=False)
        message.pop("reply_markup", None)
        if text is not None and text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        message.update(extra)
        return self._push({"message": message})

    def user_inline_query(self, user_id: int, query: str) -> dict[str, Any]:
        """The user types ``@bot query`` in any chat; the answer lands in ``inline_answers[update's query id]``."""
        chat = self.chats.get(user_id) or self.chats[self.add_user(user_id)["id"]]
        query_id = f"iq{next(self._query_ids)}"
        self._open_inline[query_id] = user_id
        return self._push({"inline_query": {"id": query_id, "from": chat.user, "query": query, "offset": ""}})

    def user_shares_contact(self, user_id: int, phone: str, own: bool = True) -> dict[str, Any]:
        """Tap the reply keyboard's "share contact" button, as Telegram apps allow only when the bot shows one.

        ``own=False`` plays a client that sends somebody else's contact card instead.
        """
        chat = self.chats[user_id]
        if not any(b.get("request_contact") for row in chat.reply_keyboard for b in row):
            raise LookupError("the bot shows no button that requests a contact")
        contact = {"phone_number": phone, "first_name": chat.user.get("first_name", "")}
        contact["user_id"] = user_id if own else user_id + 1
        return self.user_sends(user_id, None, contact=contact)

    def user_presses(self, user_id: int, label: str) -> dict[str, Any]:
        """Press the button labelled ``label`` on the newest bot message that shows it."""
        chat = self.chats[user_id]
        for seen in reversed(chat.messages):
            for row in seen.buttons:
                for button in row:
                    if button.get("text") == label and "callback_data" in button:
                        return self.user_presses_data(user_id, button["callback_data"], seen.message_id)
        shown = [label for m in chat.messages for label in m.button_labels()]
        raise LookupError(f"no button {label!r}; buttons shown: {shown}")

    def user_presses_data(self, user_id: int, data: str, message_id: int | None = None) -> dict[str, Any]:
        """Press a button with arbitrary callback data, e.g. forged or replayed from another chat."""
        chat = self.chats[user_id]
        seen = next((m for m in chat.messages if m.message_id == message_id), None) or chat.last_bot()
        if seen is None:
            seen = Seen(0, True, "")
        query_id = str(next(self._query_ids))
        self._open_queries[query_id] = user_id
        return self._push({
            "callback_query": {
                "id": query_id, "from": chat.user, "chat_instance": f"ci{user_id}", "data": data,
                "message": self._message_dict(user_id, seen),
            }
        })  # fmt: skip

    def block(self, user_id: int) -> None:
        self.blocked.add(user_id)

    def bot_messages(self, user_id: int) -> list[Seen]:
        return [m for m in self.chats[user_id].messages if m.from_bot] if user_id in self.chats else []

    def sent_count(self, method: str = "sendMessage", ok_only: bool = True) -> int:
        return sum(1 for m, _, status in self.journal if m.lower() == method.lower() and (status == 200 or not ok_only))
