"""/help, /privacy and the admin's /health."""

from __future__ import annotations

from telegram import Update

from bot.commands import ADMIN_COMMANDS, PUBLIC_COMMANDS
from bot.handlers.common import admin_only
from bot.handlers.context import BotContext
from bot.handlers.post_form import form_help, required_fields
from bot.i18n import SafeHTML, t
from bot.services import PRIVACY_NOTICE_VERSION


async def help_command(update: Update, context: BotContext) -> None:
    lang = context.lang
    lines = [t(lang, "help.header")]
    lines += [t(lang, "help.line", command=c, description=t(lang, f"cmd.{c}")) for c in PUBLIC_COMMANDS]
    if context.is_admin:
        lines += ["", t(lang, "help.admin_header")]
        lines += [t(lang, "help.line", command=c, description=t(lang, f"cmd.{c}")) for c in ADMIN_COMMANDS]
    lines += [
        "",
        t(
            lang,
            "help.forms",
            vacancy=SafeHTML(form_help(lang, "vacancy")),
            course=SafeHTML(form_help(lang, "course")),
            vacancy_required=required_fields(lang, "vacancy"),
            course_required=required_fields(lang, "course"),
        ),
    ]
    lines += ["", t(lang, "help.footer")]
    await update.effective_message.reply_text("\n".join(lines))


async def privacy(update: Update, context: BotContext) -> None:
    text = t(context.lang, "privacy.text", version=PRIVACY_NOTICE_VERSION) + "\n\n" + t(context.lang, "privacy.reach")
    text += "\n\n" + t(context.lang, "privacy.retention")
    await update.effective_message.reply_text(text)


@admin_only
async def health(update: Update, context: BotContext) -> None:
    figures = await context.services.health()
    await update.effective_message.reply_text(t(context.lang, "health.text", **figures))
