"""/stats and /stats csv for admins; the monthly report job. Non-admins get the unknown-command answer."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.charts import demand_supply_chart, per_economy_chart
from bot.handlers.common import admin_only
from bot.handlers.context import BotContext
from bot.i18n import DEFAULT_LANGUAGE, SafeHTML, t
from bot.render import esc
from bot.services.insights import Insights

log = logging.getLogger(__name__)


def summary_text(lang: str, ins: Insights) -> str:
    lines = [
        t(lang, "stats.header"),
        t(lang, "stats.people", professionals=ins.professionals, returnees=ins.returnees),
        t(lang, "stats.opportunities", vacancies=ins.open_vacancies, courses=ins.open_courses),
        t(lang, "stats.retention", region=ins.hires_region, abroad=ins.hires_abroad),
        t(lang, "stats.digest", counts=", ".join(f"{k}: {v}" for k, v in sorted(ins.digest.items())) or "—"),
        "",
        t(lang, "stats.top"),
    ]
    for row in ins.tables["skills_demand_supply"].rows[:10]:
        lines.append(t(lang, "stats.skill_line", skill=str(row[1]), demand=row[2], supply=row[3], courses=row[4]))
    for name in ("professionals_by_economy", "professionals_by_level", "professionals_by_status"):
        table = ins.tables[name]
        lines.append("")
        lines.append(t(lang, f"stats.table.{name}") + " " + esc(", ".join(f"{r[0]}: {r[1]}" for r in table.rows)))
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
    await chat.send_message(SafeHTML(summary_text(lang, insights)))
    await chat.send_photo(demand_supply_chart(insights, services.taxonomy), caption=t(lang, "stats.chart1"))
    await chat.send_photo(per_economy_chart(insights, services.taxonomy), caption=t(lang, "stats.chart2"))


async def monthly_report(context: BotContext) -> None:
    """Job: on the first of the month, every admin gets the summary and the charts."""
    services = context.application.bot_data["services"]
    insights = await services.insights.compute()
    for admin_id in services.settings.admin_ids:
        try:
            await context.bot.send_message(
                admin_id,
                SafeHTML(t(DEFAULT_LANGUAGE, "stats.monthly") + "\n\n" + summary_text(DEFAULT_LANGUAGE, insights)),
            )
            await context.bot.send_photo(admin_id, demand_supply_chart(insights, services.taxonomy))
        except TelegramError as exc:
            log.warning("monthly report to %s failed: %s", admin_id, exc)
