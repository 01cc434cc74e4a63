"""Candidates and consent: /candidates, contact requests, "I'm interested", and how a professional is reached.

Nothing about a professional leaves the bot on one tap. Accepting a request or pressing "I'm interested" first
shows exactly what the organisation would receive and who they are; only "Share" sends it, and only once the
professional has chosen how to be reached (their @username, a phone number shared with Telegram's own contact
button, or an e-mail address), because a bare ``tg://user?id=…`` link is dead for most people.
"""

from __future__ import annotations

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.domain import Profile
from bot.handlers.common import DRAFTS, FORM_START, edit, expired, notify, on_button, refuse, reprompt_with, show
from bot.handlers.context import BotContext
from bot.i18n import SafeHTML, t
from bot.keyboards import CandidatesOf, Consent, ContactAnswer, ContactMethod, ContactRequest, MatchAction, Rows
from bot.keyboards import keyboard as make_keyboard
from bot.services.contact import ContactTarget
from bot.services.errors import FormError, NotAllowed
from bot.views import candidate_salary, contact_line, employer_view, skill_list

PHONE, EMAIL = range(2)
PENDING = "contact"  # user_data: the (purpose, vacancy) a method is being chosen for
DRAFTS["contact_method"] = PENDING


# ---------------------------------------------------------------------------- employers
async def candidates_command(update: Update, context: BotContext) -> None:
    assert context.user is not None
    lang = context.lang
    posts = [
        p
        for p in await context.services.posts.my_posts(context.user.telegram_id)
        if p.kind == "vacancy" and p.status.value == "open"
    ]
    if not posts:
        await update.effective_message.reply_text(t(lang, "candidates.no_vacancy"))
        return
    rows = [[(p.title, CandidatesOf(p.id))] for p in posts[:20]]
    await update.effective_message.reply_text(t(lang, "candidates.pick"), reply_markup=make_keyboard(rows))


async def candidates_pressed(update: Update, context: BotContext, button: CandidatesOf) -> None:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    try:
        vacancy, cards = await context.services.contact.candidates(context.user.telegram_id, button.vacancy)
    except NotAllowed:
        refuse(context, f"candidates of vacancy {button.vacancy}")
        await expired(update, context)
        return
    await query.answer()
    if not cards:
        await update.effective_chat.send_message(t(lang, "candidates.none", title=vacancy.title))
        return
    tax = context.services.taxonomy
    await update.effective_chat.send_message(t(lang, "candidates.header", title=vacancy.title, count=len(cards)))
    for card in cards:
        profile = card.profile
        visible = profile.visibility.value == "visible"
        text = t(
            lang,
            "candidates.card",
            name=profile.display_name if visible else t(lang, "candidates.anonymous"),
            score=f"{card.candidate.match.score:g}",
            level=t(lang, f"level.{profile.level.value}"),
            economy=t(lang, f"economy.{profile.economy}"),
            skills=SafeHTML(skill_list(tax, lang, sorted(profile.skill_ids))),
        )
        fit = candidate_salary(lang, profile.salary_net_eur, vacancy)  # within / above the range, never the figure
        if fit:
            text = SafeHTML(text + "\n" + fit)
        rows = [[(t(lang, "candidates.request"), ContactRequest(card.token))]]
        await update.effective_chat.send_message(text, reply_markup=make_keyboard(rows))


async def contact_request_pressed(update: Update, context: BotContext, button: ContactRequest) -> None:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    outcome = await context.services.contact.request_contact(context.user.telegram_id, button.token)
    if outcome is None:  # every refusal alike, so the answer tells nothing about anyone
        refuse(context, "contact request")
        await expired(update, context)
        return
    created, vacancy, professional = outcome
    await query.answer(t(lang, "candidates.requested" if created else "candidates.already_requested"), show_alert=True)
    if not created:
        return

    def ask(lang: str) -> tuple[str, Rows]:
        rows = [
            [
                (t(lang, "contact.accept"), ContactAnswer(vacancy.id, "y")),
                (t(lang, "contact.decline"), ContactAnswer(vacancy.id, "n")),
            ]
        ]
        return t(lang, "contact.ask", title=vacancy.title, organisation=vacancy.organisation), rows

    await notify(context, [professional], ask)


# ---------------------------------------------------------------------------- professionals: consent
async def contact_answer_pressed(update: Update, context: BotContext, button: ContactAnswer) -> None:
    """Decline is final at once; Accept only shows what would be shared (see ``consent_card``)."""
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    services = context.services
    if button.answer == "y":
        await consent_card(update, context, "req", button.vacancy)
        return
    requester = await services.contact.decline(context.user.telegram_id, button.vacancy)
    if requester is None:
        await expired(update, context)
        return
    await query.answer()
    vacancy = await services.opportunities.vacancy(button.vacancy)
    title = vacancy.title if vacancy else ""
    await edit(query, t(lang, "contact.declined", title=title))
    await notify(context, [requester], lambda lang: (t(lang, "contact.employer_declined", title=title), None))


async def interested_pressed(update: Update, context: BotContext, button: MatchAction) -> None:
    """ "🙋 I'm interested" under a match: the same consent card, nothing sent yet."""
    assert context.user is not None
    if await context.services.contact.already_interested(context.user.telegram_id, button.id):
        await update.callback_query.answer(t(context.lang, "match.interest_already"), show_alert=True)
        return
    await consent_card(update, context, "int", button.id)


async def _target_and_profile(
    update: Update, context: BotContext, purpose: str, vacancy_id: int
) -> tuple[ContactTarget, Profile] | None:
    assert context.user is not None
    profile = await context.services.professionals.get(context.user.telegram_id)
    target = await context.services.contact.target(context.user.telegram_id, purpose, vacancy_id)
    if profile is None or target is None:
        # No request pending (answered, cancelled by a block, never made) reads like any stale button.
        key = "button.expired" if purpose == "req" else "vacancy.gone"
        if update.callback_query:
            await update.callback_query.answer(t(context.lang, key), show_alert=True)
        else:
            await update.effective_chat.send_message(t(context.lang, key))
        return None
    return target, profile


async def consent_card(
    update: Update, context: BotContext, purpose: str, vacancy_id: int, pick: bool = False, edit: bool = False
) -> None:
    """What exactly the organisation would receive, and who they are; then Share, or choose how to be reached.

    ``pick`` offers the ways to be reached even when one is chosen; ``edit`` replaces the card being pressed.
    """
    assert context.user is not None
    lang = context.lang
    found = await _target_and_profile(update, context, purpose, vacancy_id)
    if found is None:
        return
    target, profile = found
    if not target.recipients:  # a sample post, or an organisation whose members all left: nobody to tell
        if update.callback_query:
            await update.callback_query.answer(t(lang, "match.nobody_to_tell"), show_alert=True)
        return
    if update.callback_query:
        await update.callback_query.answer()
    method = await context.services.contact.method(context.user.telegram_id)
    reach = contact_line(lang, method) if method else t(lang, "consent.no_method")
    text = "\n\n".join(
        [
            t(
                lang,
                f"consent.ask.{purpose}",
                organisation=target.vacancy.organisation,
                title=target.vacancy.title,
                people=len(target.recipients),
            ),
            employer_view(context.services.taxonomy, lang, profile),
            reach,
        ]
    )
    if method and not pick:
        rows: Rows = [
            [(t(lang, "consent.share"), Consent(purpose, vacancy_id, "share"))],
            [(t(lang, "consent.change"), Consent(purpose, vacancy_id, "change"))],
            [(t(lang, "consent.cancel"), Consent(purpose, vacancy_id, "cancel"))],
        ]
    else:
        rows = []
        if update.effective_user and update.effective_user.username:
            label = t(lang, "consent.by_username", username=update.effective_user.username)
            rows.append([(label, ContactMethod(purpose, vacancy_id, "username"))])
        rows += [
            [(t(lang, "consent.by_phone"), ContactMethod(purpose, vacancy_id, "phone"))],
            [(t(lang, "consent.by_email"), ContactMethod(purpose, vacancy_id, "email"))],
            [(t(lang, "consent.cancel"), Consent(purpose, vacancy_id, "cancel"))],
        ]
        text += "\n\n" + t(lang, "consent.choose_method")
    if edit:
        await show(update, text, rows)
    else:
        await update.effective_chat.send_message(SafeHTML(text), reply_markup=make_keyboard(rows))


async def consent_pressed(update: Update, context: BotContext, button: Consent) -> None:
    query, lang = update.callback_query, context.lang
    assert context.user is not None
    if button.answer == "change":
        await consent_card(update, context, button.purpose, button.vacancy, pick=True, edit=True)
        return
    if button.answer == "cancel":
        await query.answer()
        await edit(query, t(lang, "consent.cancelled"))
        return
    services = context.services
    profile = await services.professionals.get(context.user.telegram_id)
    method = await services.contact.method(context.user.telegram_id)
    target = await services.contact.share(context.user.telegram_id, button.purpose, button.vacancy)
    if target is None or profile is None or method is None:
        await query.answer(t(lang, "vacancy.gone"), show_alert=True)
        return
    await query.answer()
    vacancy = target.vacancy
    shared = t(lang, f"consent.shared.{button.purpose}", title=vacancy.title, organisation=vacancy.organisation)
    await edit(query, shared)

    def card(lang: str) -> tuple[str, None]:
        head = t(lang, f"consent.received.{button.purpose}", title=vacancy.title)
        return "\n\n".join([head, employer_view(services.taxonomy, lang, profile), contact_line(lang, method)]), None

    await notify(context, target.recipients, card)


# ---------------------------------------------------------------------------- how to be reached
async def method_username(update: Update, context: BotContext, button: ContactMethod) -> None:
    assert context.user is not None
    username = update.effective_user.username if update.effective_user else None
    if not username:
        await update.callback_query.answer(t(context.lang, "consent.no_username"), show_alert=True)
        return
    if await _target_and_profile(update, context, button.purpose, button.vacancy) is None:
        return  # the post or request is gone: nothing to choose a method for
    await context.services.contact.set_method(context.user.telegram_id, "username", username)
    await consent_card(update, context, button.purpose, button.vacancy, edit=True)


async def method_ask(update: Update, context: BotContext, button: ContactMethod) -> int:
    """Phone or e-mail: one more message from the professional, then the consent card again."""
    lang = context.lang
    await update.callback_query.answer()
    context.user_data[PENDING] = {"purpose": button.purpose, "vacancy": button.vacancy}  # type: ignore[index]
    if button.method == "phone":
        markup = ReplyKeyboardMarkup(
            [[KeyboardButton(t(lang, "consent.phone_button"), request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
        await update.effective_chat.send_message(t(lang, "consent.ask_phone"), reply_markup=markup)
        return PHONE
    await update.effective_chat.send_message(t(lang, "consent.ask_email"))
    return EMAIL


async def on_phone(update: Update, context: BotContext) -> int:
    contact = update.effective_message.contact
    assert context.user is not None and contact is not None
    if contact.user_id != context.user.telegram_id:  # somebody else's card: not a way to reach this person
        await update.effective_message.reply_text(t(context.lang, "consent.not_your_phone"))
        return PHONE
    await context.services.contact.set_method(context.user.telegram_id, "phone", contact.phone_number)
    return await _method_saved(update, context)


async def on_email(update: Update, context: BotContext) -> int:
    assert context.user is not None
    try:
        text = update.effective_message.text or ""
        await context.services.contact.set_method(context.user.telegram_id, "email", text)
    except FormError as err:
        await update.effective_message.reply_text(t(context.lang, err.key, **err.values))
        return EMAIL
    return await _method_saved(update, context)


async def _method_saved(update: Update, context: BotContext) -> int:
    pending = context.user_data.pop(PENDING, None)  # type: ignore[union-attr]
    saved = t(context.lang, "consent.method_saved")
    await update.effective_message.reply_text(saved, reply_markup=ReplyKeyboardRemove())
    if pending:
        await consent_card(update, context, pending["purpose"], pending["vacancy"])
    return ConversationHandler.END


async def method_cancel(update: Update, context: BotContext) -> int:
    context.user_data.pop(PENDING, None)  # type: ignore[union-attr]
    cancelled = t(context.lang, "consent.cancelled")
    await update.effective_message.reply_text(cancelled, reply_markup=ReplyKeyboardRemove())
    return ConversationHandler.END


def build_contact_method_conversation() -> ConversationHandler:
    return ConversationHandler(
        name="contact_method",
        persistent=True,
        entry_points=[on_button(ContactMethod, method_ask, method=("phone", "email"))],
        states={
            PHONE: [MessageHandler(filters.CONTACT, on_phone)],
            EMAIL: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_email)],
        },
        fallbacks=[
            CommandHandler("cancel", method_cancel),
            MessageHandler(filters.ALL & ~FORM_START, reprompt_with("consent.reprompt")),
            CallbackQueryHandler(reprompt_with("consent.reprompt")),
        ],
        allow_reentry=True,
    )
