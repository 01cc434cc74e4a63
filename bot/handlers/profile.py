"""/profile, /skills add|remove, /status, /mydata and /delete_me."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.domain import JobStatus
from bot.handlers.common import FORM_START, edit, expired
from bot.handlers.context import BotContext
from bot.handlers.hires import report_hire, where_rows
from bot.i18n import SafeHTML, t
from bot.keyboards import DeleteConfirm, StatusChoice, keyboard
from bot.views import profile_summary, recognised_skills, skill_list

CONFIRM_DELETE = 0


async def show_profile(update: Update, context: BotContext) -> None:
    assert context.user is not None
    services, lang = context.services, context.lang
    profile = await services.professionals.get(context.user.telegram_id)
    if profile is None:
        await update.effective_message.reply_text(t(lang, "profile.none"))
        return
    schedule = await services.professionals.schedule(profile.user_id)
    await update.effective_message.reply_text(
        SafeHTML(profile_summary(services.taxonomy, lang, profile, schedule) + "\n\n" + t(lang, "profile.hint"))
    )


async def skills_command(update: Update, context: BotContext) -> None:
    """``/skills add TEXT`` or ``/skills remove TEXT``."""
    assert context.user is not None
    lang, services = context.lang, context.services
    args = context.args or []
    if len(args) < 2 or args[0].lower() not in {"add", "remove"}:
        await update.effective_message.reply_text(t(lang, "skills.usage"))
        return
    text = (update.effective_message.text or "").split(maxsplit=2)[2]
    result = await services.professionals.change_skills(
        context.user.telegram_id, text, remove=args[0].lower() == "remove"
    )
    if result is None:
        await update.effective_message.reply_text(t(lang, "profile.none"))
        return
    profile, change = result
    if args[0].lower() == "remove":
        head = t(lang, "skills.removed", skills=SafeHTML(skill_list(services.taxonomy, lang, change.removed)))
    else:
        head = recognised_skills(services.taxonomy, lang, change.parsed, change.added)
    tail = t(lang, "skills.now", skills=SafeHTML(skill_list(services.taxonomy, lang, list(profile.skills))))
    await update.effective_message.reply_text(SafeHTML(head + "\n\n" + tail))


STATUS_CHOICES = ("looking", "open", "not_looking", "hired")


async def status_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    lang = context.lang
    profile = await context.services.professionals.get(context.user.telegram_id)
    if profile is None:
        await update.effective_message.reply_text(t(lang, "profile.none"))
        return
    rows = [[(t(lang, f"status.choice.{s}"), StatusChoice(s, "-"))] for s in STATUS_CHOICES]
    await update.effective_message.reply_text(
        t(lang, "status.ask", status=t(lang, f"status.{profile.status.value}")), reply_markup=keyboard(rows)
    )


async def status_pressed(update: Update, context: BotContext, button: StatusChoice) -> None:
    assert context.user is not None
    query, lang = update.callback_query, context.lang
    profile = await context.services.professionals.get(context.user.telegram_id)
    if profile is None or (button.where != "-" and button.status != "hired"):
        await expired(update, context)  # only a profile has a status, and a place only goes with "hired"
        return
    await query.answer()
    if button.status == "hired" and button.where == "-":
        await edit(query, t(lang, "status.where"), reply_markup=keyboard(where_rows(lang)))
        return
    if button.where != "-":  # a hire: recorded for the retention loop, then "which economy?" for the region
        await report_hire(update, context, button.where)
        return
    if not await context.services.professionals.set_status(context.user.telegram_id, JobStatus(button.status)):
        await edit(query, t(lang, "profile.none"))
        return
    await edit(query, t(lang, "status.done", status=t(lang, f"status.{button.status}")))


async def my_data(update: Update, context: BotContext) -> None:
    assert context.user is not None
    document = await context.services.professionals.export(context.user.telegram_id)
    await update.effective_chat.send_document(
        document, filename="my-data.json", caption=t(context.lang, "mydata.caption")
    )


async def delete_me(update: Update, context: BotContext) -> int:
    assert context.user is not None
    lang = context.lang
    # Erasing the last active member also closes their organisation and its posts: they must know before they agree.
    closing = await context.services.professionals.organisations_left_alone(context.user.telegram_id)
    ask = t(lang, "delete.ask_last_member", organisation=", ".join(closing)) if closing else t(lang, "delete.ask")
    rows = [[(t(lang, "delete.confirm"), "del:yes"), (t(lang, "delete.keep"), "del:no")]]
    await update.effective_message.reply_text(ask, reply_markup=keyboard(rows))
    return CONFIRM_DELETE


async def delete_confirmed(update: Update, context: BotContext) -> int:
    assert context.user is not None
    query, lang = update.callback_query, context.lang
    await query.answer()
    if query.data != "del:yes":
        await edit(query, t(lang, "delete.kept"))
        return ConversationHandler.END
    user_id = context.user.telegram_id
    await context.services.professionals.erase(user_id)
    context.application.drop_user_data(user_id)
    await edit(query, t(lang, "delete.done"))
    return ConversationHandler.END


async def delete_cancelled(update: Update, context: BotContext) -> int:
    await update.effective_message.reply_text(t(context.lang, "delete.kept"))
    return ConversationHandler.END


def build_delete_conversation() -> ConversationHandler:
    return ConversationHandler(
        name="delete_me",
        persistent=True,
        entry_points=[CommandHandler("delete_me", delete_me)],
        states={CONFIRM_DELETE: [CallbackQueryHandler(delete_confirmed, pattern=DeleteConfirm.matches)]},
        fallbacks=[
            CommandHandler("cancel", delete_cancelled),
            MessageHandler(filters.ALL & ~FORM_START, delete_cancelled),
        ],
    )
