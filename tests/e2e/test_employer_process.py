"""Employer to professional through the real bot process over HTTP, with a forged Close in between."""

from __future__ import annotations

import signal
from pathlib import Path

from fakebotapi import FakeBotAPI
from fakebotapi.server import serve
from tests.e2e.botprocess import BotProcess
from tests.e2e.driver import press, say
from tests.journeys import VACANCY_FORM

ADMIN, EMPLOYER, PRO, MALLORY = 7001, 7002, 7003, 7004


async def test_post_approve_match_forged_close_and_close(tmp_path: Path) -> None:
    core = FakeBotAPI()
    for user, name in ((ADMIN, "Admin"), (EMPLOYER, "Eda"), (PRO, "Pavle"), (MALLORY, "Mallory")):
        core.add_user(user, first_name=name)
    async with serve(core) as url:
        bot = BotProcess(url, tmp_path / "bot.sqlite3", {"ADMIN_IDS": str(ADMIN)})
        await bot.start()
        await say(core, EMPLOYER, "/employer", "organisation's name")
        await say(core, EMPLOYER, "Luka Bank", "Where is it based?")
        await press(core, EMPLOYER, "Montenegro", "Which sector?")
        await press(core, EMPLOYER, "Finance", "website")
        await say(core, EMPLOYER, "example.org", "e-mail")
        await say(core, EMPLOYER, "jobs@example.org", "waiting for an admin")
        await core.wait_for(
            lambda: any("Organisation to verify" in m.text for m in core.bot_messages(ADMIN)), timeout=20
        )
        await press(core, ADMIN, "✅ Approve", "verified")
        await core.wait_for(lambda: "is verified" in core.bot_messages(EMPLOYER)[-1].text, timeout=20)

        await say(core, EMPLOYER, VACANCY_FORM, "Preview of your vacancy")
        await press(core, EMPLOYER, "🚀 Publish", "Published")

        await say(core, PRO, "/register", "Before we start")
        await press(core, PRO, "✅ I accept", "What name")
        await press(core, PRO, "Use “Pavle”", "Where are you based?")
        await press(core, PRO, "Montenegro", "Which city?")
        await press(core, PRO, "Skip", "Which cybersecurity skills")
        await say(core, PRO, "SIEM, log analysis, incident response, SOC", "Recognised")
        await press(core, PRO, "✅ Looks right", "What is your level?")
        await press(core, PRO, "Mid-level", "How many years")
        await say(core, PRO, "5", "Which languages")
        core.user_presses(PRO, "English")
        await core.wait_for(lambda: "✅ English" in core.bot_messages(PRO)[-1].button_labels(), timeout=20)
        await press(core, PRO, "✔️ Done", "Which work formats")
        core.user_presses(PRO, "Hybrid")
        await core.wait_for(lambda: "✅ Hybrid" in core.bot_messages(PRO)[-1].button_labels(), timeout=20)
        await press(core, PRO, "✔️ Done", "net monthly salary")
        await press(core, PRO, "Skip", "relocate")
        await press(core, PRO, "No", "ECSF role")
        await press(core, PRO, "Skip", "How should employers see you?")
        await press(core, PRO, "Anonymous: employers see skills, level and economy only", "When?")
        await press(core, PRO, "No digest", "Please check your profile")
        await press(core, PRO, "💾 Save", "Your profile is saved")
        await say(core, PRO, "/matches", "SOC Analyst <Tier 2> — Luka Bank")

        await say(core, EMPLOYER, "/my_posts", "SOC Analyst <Tier 2>")
        close_data = next(
            b["callback_data"]
            for row in core.bot_messages(EMPLOYER)[-1].buttons
            for b in row
            if b["text"] == "🔒 Close"
        )
        await say(core, MALLORY, "/start", "Welcome")
        alerts = len(core.chats[MALLORY].alerts)
        core.user_presses_data(MALLORY, close_data)
        await core.wait_for(lambda: len(core.chats[MALLORY].alerts) > alerts, timeout=20)
        assert core.chats[MALLORY].alerts[-1] == "This button has expired."
        await say(core, PRO, "/matches", "SOC Analyst <Tier 2>")

        await press(core, EMPLOYER, "🔒 Close", "is closed")
        await say(core, PRO, "/matches", "No open vacancy matches")
        code, output = await bot.stop(signal.SIGTERM)
        assert code == 0, output
        assert "refused: user 7004 tried p:c:v:" in output
