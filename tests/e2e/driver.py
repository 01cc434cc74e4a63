"""Play users against a bot process: send or press, then wait until the expected answer shows."""

from __future__ import annotations

from fakebotapi import FakeBotAPI


async def say(core: FakeBotAPI, user: int, text: str, expect: str) -> None:
    before = len(core.bot_messages(user))
    core.user_sends(user, text)
    await core.wait_for(lambda: any(expect in m.text for m in core.bot_messages(user)[before:]), timeout=20)


async def press(core: FakeBotAPI, user: int, label: str, expect: str) -> None:
    """Press a button; ``expect`` may appear in a new message, an edited one, or an alert."""
    alerts = len(core.chats[user].alerts)
    core.user_presses(user, label)
    await core.wait_for(
        lambda: (
            any(expect in m.text for m in core.bot_messages(user)[-3:])
            or any(expect in a for a in core.chats[user].alerts[alerts:])
        ),
        timeout=20,
    )
