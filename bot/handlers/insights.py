"""/stats and /stats csv for admins; the monthly report job. Non-admins get the unknown-command answer."""

from __future__ import annotations

import html
import logging

from telegram import Chat, Update
from telegram.error import TelegramError

from bot import charts
from bot.handlers.common import admin_only, language_of
from bot.handlers.context import BotContext
from bot.i18n import DEFAULT_LANGUAGE, SafeHTML, catalogues, t
from bot.matching.taxonomy import Taxonomy
from bot.render import esc
from bot.services.insights import Insights
from bot.views import skill_name

log = logging.getLogger(__name__)


# The breakdown tables hold codes; people read names.
ROW_NAMES = {
    "professionals_by_economy": "economy",
    "professionals_by_level": "level",
    "professionals_by_status": "status",
}


def _row_name(lang: str, table: str, code: object) -> str:
    key = f"{ROW_NAMES[table]}.{code}"
    return html.unescape(t(lang, key)) if key in catalogues()[DEFAULT_LANGUAGE].keys else str(code)


def _name(lang: str, dimension: str, code: object) -> str:
    key = f"{dimension}.{code}"
    if code == "all":
        key = "stats.all"
    return html.unescape(t(lang, key)) if key in catalogues()[DEFAULT_LANGUAGE].keys else str(code)


def _retention_loop(lang: str, ins: Insights) -> list[str]:
    """The retention loop's totals (hires reported in the bot, followed up at 6 and 12 months)."""
    if not ins.retention:
        return []
    r = ins.retention
    return [t(lang, "stats.retention_loop", hires=r["hires"], m6=r["in_region_6"], m12=r["in_region_12"],
              back=r["came_back"])]  # fmt: skip


def summary_text(lang: str, ins: Insights, taxonomy: Taxonomy) -> str:
    lines = [
        t(lang, "stats.header"),
        t(lang, "stats.people", professionals=ins.professionals, returnees=ins.returnees),
        t(lang, "stats.opportunities", vacancies=ins.open_vacancies, courses=ins.open_courses),
        t(lang, "stats.retention", region=ins.hires_region, abroad=ins.hires_abroad),
        *_retention_loop(lang, ins),
        t(lang, "stats.digest", counts=", ".join(f"{k}: {v}" for k, v in sorted(ins.digest.items())) or "—"),
        "",
        t(lang, "stats.top"),
    ]
    for row in ins.tables["skills_demand_supply"].rows[:10]:
        skill = html.unescape(skill_name(taxonomy, lang, str(row[0])))
        lines.append(t(lang, "stats.skill_line", skill=skill, demand=row[2], supply=row[3], courses=row[4]))
    for name in ROW_NAMES:
        rows = ", ".join(f"{_row_name(lang, name, r[0])}: {r[1]}" for r in ins.tables[name].rows) or "—"
        lines += ["", t(lang, f"stats.table.{name}") + " " + esc(rows)]
    for name, dimension in (("retention_by_economy", "economy"), ("retention_by_level", "level")):
        table = ins.tables.get(name)
        if table is not None:  # hires · in the region at 6 months · at 12 months · came back, per economy or level
            shown = [f"{_name(lang, dimension, r[0])}: {' · '.join(str(v) for v in r[1:])}" for r in table.rows]
            lines += ["", t(lang, f"stats.table.{name}") + " " + esc("; ".join(shown))]
    sources = ins.tables.get("sources")
    if sources is not None and sources.rows:  # partners' links: who came through each, and registered
        shown = [t(lang, "stats.source_line", source=r[1], people=r[2], professionals=r[3]) for r in sources.rows]
        lines += ["", t(lang, "stats.sources") + " " + "; ".join(shown)]
    lines += ["", t(lang, "stats.footer")]
    return "\n".join(lines)


@admin_only
async def stats_command(update: Update, context: BotContext) -> None:
    services, lang = context.services, context.lang
    insights = await services.insights.compute()
    chat = update.effective_chat
    if context.args and context.args[0].lower() == "csv":
        for table in insights.tables.values():
            await chat.send_document(table.to_csv(), filename=f"{table.name}.csv")
        await chat.send_message(t(lang, "stats.csv_done", count=len(insights.tables)))
        return
    await chat.send_message(SafeHTML(summary_text(lang, insights, services.taxonomy)))
    # The figures are answered at once; the charts follow. Drawing takes most of a second, in a worker process so
    # that nobody else waits (bot/charts.py), and after this handler so that the admin reads the figures meanwhile.
    context.application.create_task(_send_charts(chat, insights, services.taxonomy, lang), update=update)


async def _send_charts(chat: Chat, insights: Insights, taxonomy: Taxonomy, lang: str) -> None:
    first = await charts.draw("demand_supply", insights, taxonomy, lang)
    await chat.send_photo(first, caption=t(lang, "stats.chart1"))
    second = await charts.draw("per_economy", insights, taxonomy, lang)
    await chat.send_photo(second, caption=t(lang, "stats.chart2"))


async def monthly_report(context: BotContext) -> None:
    """Job: on the first of the month, every admin gets the summary and the charts."""
    services = context.application.bot_data["services"]
    insights = await services.insights.compute()
    for admin_id in sorted(services.settings.admin_ids):
        lang = language_of(await services.users.get(admin_id))
        text = t(lang, "stats.monthly") + "\n\n" + summary_text(lang, insights, services.taxonomy)
        chart = await charts.draw("demand_supply", insights, services.taxonomy, lang)
        try:
            await context.bot.send_message(admin_id, SafeHTML(text))
            await context.bot.send_photo(admin_id, chart)
        except TelegramError as exc:
            log.warning("monthly report to %s failed: %s", admin_id, exc)
