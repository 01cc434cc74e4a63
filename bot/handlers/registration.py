"""Professional registration and profile editing: one named, persistent conversation.

Flow (docs in README): consent → name → economy → city → skills (confirm, add, remove) → level → years →
languages → work format → expected net salary (optional, private) → relocation → target ECSF role → visibility →
digest → summary (Save / Edit).
``/edit`` enters the same conversation at an edit menu, so each field can be changed without a full re-run.
The form is a ``ProfileDraft``, kept as JSON in ``user_data`` (persisted), and nothing is stored as a profile until
Save; a draft that cannot be read starts the conversation again.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain import ECONOMIES, LANGUAGES, Level, Profile, Visibility, WorkFormat
from bot.handlers.common import DRAFTS, FORM_START, button_choice, edit, expired, switch_to
from bot.handlers.context import BotContext
from bot.i18n import SafeHTML, t
from bot.keyboards import RoleChoice, keyboard
from bot.matching.salary import SALARY_MAX_EUR, SALARY_MIN_EUR
from bot.services import PRIVACY_NOTICE_VERSION
from bot.services.drafts import PROFILE_STEPS, CityQuestion, ProfileDraft
from bot.services.professionals import (
    CityElsewhere,
    FormError,
    merge_skills,
    validate_city,
    validate_name,
    validate_salary,
    validate_years,
)
from bot.storage.users import utc_now
from bot.views import profile_summary, recognised_skills, skill_name, weekday_name

log = logging.getLogger(__name__)

FORM = "reg"
NAME = "registration"
DRAFTS[NAME] = FORM
STEPS = PROFILE_STEPS
STATE = {name: index for index, name in enumerate(STEPS)}
_ASKED = STEPS[: STEPS.index("summary") + 1]
# The salary step was added after the others (so numbered last, see PROFILE_STEPS) but is asked after work formats.
FLOW = (*_ASKED[: _ASKED.index("formats") + 1], "salary", *_ASKED[_ASKED.index("formats") + 1 :])
EDITABLE = FLOW[FLOW.index("name") : FLOW.index("summary")]  # the edit menu: every answer, in the order asked
HOURS = (7, 8, 9, 10, 12, 14, 17, 19)
Rows = list[list[tuple[str, str]]]
Option = TypeVar("Option", bound=str)


def _draft(context: BotContext) -> ProfileDraft | None:
    """The form in progress; None when there is none, or it cannot be read (damaged, or another version's)."""
    return ProfileDraft.from_json(context.user_data.get(FORM)) if context.user_data is not None else None


def _keep(context: BotContext, draft: ProfileDraft) -> None:
    assert context.user_data is not None  # every update this conversation takes has a user
    context.user_data[FORM] = draft.to_json()


def _drop(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(FORM, None)


def _with_draft(
    step: Callable[[Update, BotContext, ProfileDraft], Awaitable[int]],
) -> Callable[[Update, BotContext], Awaitable[int]]:
    """Give a handler the form in progress; without a readable one the conversation starts again instead."""

    @functools.wraps(step)
    async def handler(update: Update, context: BotContext) -> int:
        draft = _draft(context)
        if draft is None:
            return await restart(update, context)
        return await step(update, context, draft)

    return handler


def _back_row(lang: str) -> list[tuple[str, str]]:
    return [(t(lang, "common.back"), "reg:back")]


def _prompt(step: str, context: BotContext, draft: ProfileDraft) -> tuple[str, Rows]:
    """The question for a step and its buttons; FormError for the summary of a draft that lacks an answer."""
    lang, tax = context.lang, context.services.taxonomy
    if step == "consent":
        return t(lang, "reg.consent", version=PRIVACY_NOTICE_VERSION), [
            [(t(lang, "reg.accept"), "reg:consent:yes"), (t(lang, "reg.decline"), "reg:consent:no")]
        ]
    if step == "name":
        default = context.user.first_name if context.user else ""
        rows: Rows = [[(t(lang, "reg.use_name", name=default), "reg:name:default")]] if default else []
        return t(lang, "reg.name", limit=64), [*rows, _back_row(lang)]
    if step == "economy":
        rows = [[(t(lang, f"economy.{c}"), f"reg:eco:{c}")] for c in (*ECONOMIES, "abroad")]
        return t(lang, "reg.economy"), [*rows, _back_row(lang)]
    if step == "city":
        pending = draft.city_pending
        if pending:  # the city typed is in another economy than the one chosen: which is right?
            found, chosen = t(lang, f"economy.{pending.economy}"), t(lang, f"economy.{draft.economy}")
            text = t(lang, "reg.city_other_economy", city=pending.typed, found=found, chosen=chosen)
            return text, [[(found, "reg:city:move")], [(chosen, "reg:city:keep")], _back_row(lang)]
        return t(lang, "reg.city"), [[(t(lang, "common.skip"), "reg:city:skip")], _back_row(lang)]
    if step == "skills":
        return t(lang, "reg.skills"), [_back_row(lang)]
    if step == "skills_remove":
        rows = [[(SafeHTML(f"✖ {skill_name(tax, lang, s)}"), f"reg:skrm:{i}")] for i, s in enumerate(draft.skills)]
        return t(lang, "reg.skills_remove"), [*rows, [(t(lang, "common.done"), "reg:skrm:done")]]
    if step == "level":
        return t(lang, "reg.level"), [[(t(lang, f"level.{lv.value}"), f"reg:lvl:{lv.value}")] for lv in Level] + [
            _back_row(lang)
        ]
    if step == "years":
        return t(lang, "reg.years", limit=50), [_back_row(lang)]
    if step == "languages":
        chosen = set(draft.languages)
        rows = [
            [(("✅ " if c in chosen else "") + t(lang, f"lang.{c}"), f"reg:lang:{c}") for c in LANGUAGES[i : i + 2]]
            for i in range(0, len(LANGUAGES), 2)
        ]
        return t(lang, "reg.languages"), [*rows, [(t(lang, "common.done"), "reg:lang:done")], _back_row(lang)]
    if step == "formats":
        chosen_formats = set(draft.formats)
        rows = [
            [(("✅ " if f in chosen_formats else "") + t(lang, f"format.{f.value}"), f"reg:fmt:{f.value}")]
            for f in WorkFormat
        ]
        return t(lang, "reg.formats"), [*rows, [(t(lang, "common.done"), "reg:fmt:done")], _back_row(lang)]
    if step == "salary":
        return t(lang, "reg.salary", low=SALARY_MIN_EUR, high=SALARY_MAX_EUR), [
            [(t(lang, "common.skip"), "reg:sal:skip")],
            _back_row(lang),
        ]
    if step == "relocate":
        return t(lang, "reg.relocate"), [
            [(t(lang, "common.yes"), "reg:reloc:yes"), (t(lang, "common.no"), "reg:reloc:no")],
            _back_row(lang),
        ]
    if step == "role":
        roles = list(tax.roles.values())
        rows = [[(r.title, f"reg:role:{r.id}") for r in roles[i : i + 2]] for i in range(0, len(roles), 2)]
        return t(lang, "reg.role"), [*rows, [(t(lang, "common.skip"), "reg:role:none")], _back_row(lang)]
    if step == "visibility":
        rows = [[(t(lang, f"visibility.{v.value}"), f"reg:vis:{v.value}")] for v in Visibility]
        return t(lang, "reg.visibility"), [*rows, _back_row(lang)]
    if step == "digest":
        return t(lang, "reg.digest"), [
            [(t(lang, "reg.digest_default"), "reg:dg:default")],
            [(t(lang, "reg.digest_choose"), "reg:dg:choose")],
            [(t(lang, "reg.digest_off"), "reg:dg:off")],
            _back_row(lang),
        ]
    if step == "digest_day":
        return t(lang, "reg.digest_day"), [[(weekday_name(lang, d), f"reg:day:{d}")] for d in range(7)]
    if step == "digest_hour":
        return t(lang, "reg.digest_hour"), [
            [(f"{h:02d}:00", f"reg:hour:{h}") for h in HOURS[i : i + 4]] for i in (0, 4)
        ]
    if step == "edit":
        labels = [(t(lang, f"reg.field.{f}"), f"reg:edit:{f}") for f in EDITABLE]
        rows = [labels[i : i + 2] for i in range(0, len(labels), 2)]
        return t(lang, "reg.edit_menu"), [
            *rows,
            [(t(lang, "reg.save"), "reg:sum:save"), (t(lang, "reg.discard"), "reg:sum:cancel")],
        ]
    # summary
    shown = draft.to_profile(context.user.telegram_id if context.user else 0, complete=False)
    text = t(lang, "reg.summary") + "\n\n" + profile_summary(tax, lang, shown, draft.to_schedule())
    return text, [
        [(t(lang, "reg.save"), "reg:sum:save"), (t(lang, "reg.edit"), "reg:sum:edit")],
        [(t(lang, "reg.discard"), "reg:sum:cancel")],
    ]


async def ask(update: Update, context: BotContext, draft: ProfileDraft, step: str, prefix: str = "") -> int:
    """Keep the draft at ``step`` and ask its question, after ``prefix`` (an error or a hint)."""
    if step != "city":  # a question about the city typed lasts only while the city is being asked
        draft.city_pending = None
    try:
        text, rows = _prompt(step, context, draft)
    except FormError as err:  # a summary without an answer it needs (only a damaged draft): the edit menu fills it
        return await ask(update, context, draft, "edit", t(context.lang, err.key, **err.values) + "\n\n")
    draft.step = step
    _keep(context, draft)
    await update.effective_chat.send_message(SafeHTML(prefix + text), reply_markup=keyboard(rows) if rows else None)
    return STATE[step]


async def advance(update: Update, context: BotContext, draft: ProfileDraft, done: str, prefix: str = "") -> int:
    """After answering ``done``: back to the summary when editing, else the next question of the flow."""
    if draft.editing:
        return await ask(update, context, draft, "summary", prefix)
    draft.history.append(done)
    return await ask(update, context, draft, FLOW[FLOW.index(done) + 1], prefix)


# ---------------------------------------------------------------------------- entry points
async def start_registration(update: Update, context: BotContext) -> int:
    switch_to(update, context, NAME)
    if update.callback_query:
        await update.callback_query.answer()
    if context.user and await context.services.professionals.get(context.user.telegram_id):
        await update.effective_chat.send_message(t(context.lang, "reg.already"))
        return ConversationHandler.END
    return await ask(update, context, ProfileDraft(mode="new"), "consent")


async def start_edit(update: Update, context: BotContext) -> int:
    assert context.user is not None
    switch_to(update, context, NAME)
    profile = await context.services.professionals.get(context.user.telegram_id)
    if profile is None:
        await update.effective_message.reply_text(t(context.lang, "profile.none"))
        return ConversationHandler.END
    return await _edit_menu(update, context, profile)


async def _edit_menu(update: Update, context: BotContext, profile: Profile) -> int:
    schedule = await context.services.professionals.schedule(profile.user_id)
    return await ask(update, context, ProfileDraft.of_profile(profile, schedule), "edit")


async def restart(update: Update, context: BotContext) -> int:
    """The form in progress is gone or cannot be read: ask afresh rather than fail half-way, at the edit menu of
    the saved profile when there is one, else at the first question."""
    user_id = context.user.telegram_id if context.user else None
    log.warning("registration form of user %s unreadable; starting it again", user_id)
    if update.callback_query:
        await update.callback_query.answer()
    profile = await context.services.professionals.get(user_id) if user_id is not None else None
    if profile is not None:
        return await _edit_menu(update, context, profile)
    return await ask(update, context, ProfileDraft(mode="new"), "consent")


# ---------------------------------------------------------------------------- steps
@_with_draft
async def on_consent(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {"yes", "no"})
    if value is None:
        return STATE["consent"]
    if value == "no":
        _drop(context)
        await update.effective_chat.send_message(t(context.lang, "reg.declined"))
        return ConversationHandler.END
    draft.consent_at = utc_now()
    return await advance(update, context, draft, "consent")


@_with_draft
async def on_name_text(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    try:
        draft.name = validate_name(update.effective_message.text or "")
    except FormError as err:
        return await ask(update, context, draft, "name", t(context.lang, err.key, **err.values) + "\n\n")
    return await advance(update, context, draft, "name")


@_with_draft
async def on_name_default(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    if await button_choice(update, context, {"default"}) is None:
        return STATE["name"]
    draft.name = validate_name(context.user.first_name if context.user else "") if context.user else ""
    return await advance(update, context, draft, "name")


@_with_draft
async def on_economy(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, (*ECONOMIES, "abroad"))
    if value is None:
        return STATE["economy"]
    draft.economy = value
    return await advance(update, context, draft, "economy")


@_with_draft
async def on_city_text(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    draft.city_pending = None
    try:
        draft.city = validate_city(update.effective_message.text or "", draft.economy)
    except CityElsewhere as err:
        draft.city_pending = CityQuestion(typed=str(err.values["city"]), city=err.city, economy=err.economy)
        return await ask(update, context, draft, "city")
    except FormError as err:
        return await ask(update, context, draft, "city", t(context.lang, err.key, **err.values) + "\n\n")
    return await advance(update, context, draft, "city")


@_with_draft
async def on_city_button(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    """Skip, or the answer to "this city is in another economy": move the profile there, or keep the choice."""
    pending = draft.city_pending
    value = await button_choice(update, context, {"skip", "move", "keep"} if pending else {"skip"})
    if value is None:
        return STATE["city"]
    draft.city_pending = None
    if pending is None or value == "skip":
        draft.city = ""
    else:
        draft.city = pending.city
        if value == "move":
            draft.economy = pending.economy
    return await advance(update, context, draft, "city")


@_with_draft
async def on_skills_text(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    lang = context.lang
    parsed = context.services.professionals.parse_skills(update.effective_message.text or "")
    draft.skills += merge_skills(draft.skills, parsed).added
    if not draft.skills:
        return await ask(update, context, draft, "skills", t(lang, "reg.skills_none") + "\n\n")
    review = recognised_skills(context.services.taxonomy, lang, parsed, draft.skills)
    rows = [
        [(t(lang, "reg.skills_ok"), "reg:sk:ok")],
        [(t(lang, "reg.skills_remove_button"), "reg:sk:remove")],
    ]
    draft.step = "skills"
    _keep(context, draft)
    await update.effective_chat.send_message(
        SafeHTML(review + "\n\n" + t(lang, "reg.skills_more")), reply_markup=keyboard(rows)
    )
    return STATE["skills"]


@_with_draft
async def on_skills_action(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {"ok", "remove"})
    if value is None:
        return STATE["skills"]
    if value == "remove":
        return await ask(update, context, draft, "skills_remove")
    if not draft.skills:
        return await ask(update, context, draft, "skills", t(context.lang, "reg.skills_none") + "\n\n")
    return await advance(update, context, draft, "skills")


@_with_draft
async def on_skill_remove(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {"done", *(str(i) for i in range(len(draft.skills)))})
    if value is None:
        return STATE["skills_remove"]
    if value != "done":
        del draft.skills[int(value)]
        if draft.skills:
            _keep(context, draft)
            text, rows = _prompt("skills_remove", context, draft)
            await edit(update.callback_query, SafeHTML(text), reply_markup=keyboard(rows))
            return STATE["skills_remove"]
    if not draft.skills:
        return await ask(update, context, draft, "skills", t(context.lang, "reg.skills_none") + "\n\n")
    return await advance(update, context, draft, "skills")


@_with_draft
async def on_level(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {lv.value for lv in Level})
    if value is None:
        return STATE["level"]
    draft.level = Level(value)
    return await advance(update, context, draft, "level")


@_with_draft
async def on_years_text(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    try:
        draft.years = validate_years(update.effective_message.text or "")
    except FormError as err:
        return await ask(update, context, draft, "years", t(context.lang, err.key, **err.values) + "\n\n")
    return await advance(update, context, draft, "years")


async def _toggle(
    update: Update,
    context: BotContext,
    draft: ProfileDraft,
    step: str,
    chosen: list[Option],
    options: Sequence[Option],
) -> int:
    """Tick or untick one of ``options`` in ``chosen`` (a list of the draft's), or finish with Done."""
    value = await button_choice(update, context, {*options, "done"})
    if value is None:
        return STATE[step]
    if value == "done":
        if not chosen:
            return await ask(update, context, draft, step, t(context.lang, "reg.pick_one") + "\n\n")
        return await advance(update, context, draft, step)
    option = next(o for o in options if o == value)
    if option in chosen:
        chosen.remove(option)
    else:
        chosen.append(option)
    _keep(context, draft)
    _, rows = _prompt(step, context, draft)
    await update.callback_query.edit_message_reply_markup(keyboard(rows))
    return STATE[step]


@_with_draft
async def on_language(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    return await _toggle(update, context, draft, "languages", draft.languages, LANGUAGES)


@_with_draft
async def on_format(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    return await _toggle(update, context, draft, "formats", draft.formats, tuple(WorkFormat))


@_with_draft
async def on_salary_text(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    try:
        draft.salary_net_eur = validate_salary(update.effective_message.text or "")
    except FormError as err:
        return await ask(update, context, draft, "salary", t(context.lang, err.key, **err.values) + "\n\n")
    return await advance(update, context, draft, "salary")


@_with_draft
async def on_salary_skip(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    """Skip: no expectation (from the edit menu, this removes one given before)."""
    if await button_choice(update, context, {"skip"}) is None:
        return STATE["salary"]
    draft.salary_net_eur = None
    return await advance(update, context, draft, "salary")


@_with_draft
async def on_relocate(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {"yes", "no"})
    if value is None:
        return STATE["relocate"]
    draft.relocate = value == "yes"
    return await advance(update, context, draft, "relocate")


@_with_draft
async def on_role(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {"none", *context.services.taxonomy.roles})
    if value is None:
        return STATE["role"]
    draft.target_role = None if value == "none" else value
    return await advance(update, context, draft, "role")


@_with_draft
async def on_visibility(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {v.value for v in Visibility})
    if value is None:
        return STATE["visibility"]
    draft.visibility = Visibility(value)
    return await advance(update, context, draft, "visibility")


@_with_draft
async def on_digest(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {"default", "choose", "off"})
    if value is None:
        return STATE["digest"]
    if value == "choose":
        return await ask(update, context, draft, "digest_day")
    draft.digest_weekday, draft.digest_hour, draft.digest_paused = 0, 9, value == "off"
    return await advance(update, context, draft, "digest")


@_with_draft
async def on_digest_day(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {str(d) for d in range(7)})
    if value is None:
        return STATE["digest_day"]
    draft.digest_weekday, draft.digest_hour, draft.digest_paused = int(value), 9, False
    return await ask(update, context, draft, "digest_hour")


@_with_draft
async def on_digest_hour(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {str(h) for h in HOURS})
    if value is None:
        return STATE["digest_hour"]
    draft.digest_hour = int(value)
    return await advance(update, context, draft, "digest")


@_with_draft
async def on_summary(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, {"save", "edit", "cancel"})
    if value is None:
        return STATE[draft.step]
    if value == "cancel":
        return await cancel(update, context)
    if value == "edit":
        draft.editing = True
        return await ask(update, context, draft, "edit")
    assert context.user is not None
    try:
        await context.services.professionals.save_form(context.user.telegram_id, draft, PRIVACY_NOTICE_VERSION)
    except FormError as err:
        return await ask(update, context, draft, "edit", t(context.lang, err.key, **err.values) + "\n\n")
    _drop(context)
    await update.effective_chat.send_message(t(context.lang, "reg.saved_new" if draft.mode == "new" else "reg.saved"))
    return ConversationHandler.END


@_with_draft
async def on_edit_field(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    value = await button_choice(update, context, EDITABLE)
    if value is None:
        return STATE["edit"]
    draft.editing = True
    return await ask(update, context, draft, value)


@_with_draft
async def on_back(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    await update.callback_query.answer()
    if draft.editing:
        return await ask(update, context, draft, "edit")
    previous = draft.history.pop() if draft.history else "consent"
    if previous == "consent":  # going back past consent would only re-ask it
        previous = "name" if draft.consent_at else "consent"
    return await ask(update, context, draft, previous)


# ---------------------------------------------------------------------------- off the path
async def cancel(update: Update, context: BotContext) -> int:
    if update.callback_query and not update.callback_query.data.startswith("reg:sum"):  # type: ignore[union-attr]
        await update.callback_query.answer()
    _drop(context)
    await update.effective_chat.send_message(t(context.lang, "reg.cancelled"))
    return ConversationHandler.END


@_with_draft
async def reprompt(update: Update, context: BotContext, draft: ProfileDraft) -> int:
    """Anything the current step cannot take: say what is expected and ask again; the form is kept."""
    step = draft.step
    message = update.effective_message
    if update.callback_query:
        await expired(update, context)
        return STATE[step]
    if message is not None and message.text and message.text.startswith("/"):
        hint = t(context.lang, "reg.command_inside")
    elif message is not None and message.text:
        hint = t(context.lang, "reg.use_buttons")
    else:
        hint = t(context.lang, "reg.text_only")
    return await ask(update, context, draft, step, hint + "\n\n")


def build_registration() -> ConversationHandler:
    text = filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        name="registration",
        persistent=True,
        allow_reentry=False,
        entry_points=[
            CommandHandler("register", start_registration),
            CallbackQueryHandler(start_registration, pattern=RoleChoice.where(role="professional")),
            CommandHandler("edit", start_edit),
        ],
        states={
            STATE["consent"]: [CallbackQueryHandler(on_consent, pattern=r"^reg:consent:")],
            STATE["name"]: [
                MessageHandler(text, on_name_text),
                CallbackQueryHandler(on_name_default, pattern=r"^reg:name:"),
            ],
            STATE["economy"]: [CallbackQueryHandler(on_economy, pattern=r"^reg:eco:")],
            STATE["city"]: [
                MessageHandler(text, on_city_text),
                CallbackQueryHandler(on_city_button, pattern=r"^reg:city:"),
            ],
            STATE["skills"]: [
                MessageHandler(text, on_skills_text),
                CallbackQueryHandler(on_skills_action, pattern=r"^reg:sk:"),
            ],
            STATE["skills_remove"]: [CallbackQueryHandler(on_skill_remove, pattern=r"^reg:skrm:")],
            STATE["level"]: [CallbackQueryHandler(on_level, pattern=r"^reg:lvl:")],
            STATE["years"]: [MessageHandler(text, on_years_text)],
            STATE["languages"]: [CallbackQueryHandler(on_language, pattern=r"^reg:lang:")],
            STATE["formats"]: [CallbackQueryHandler(on_format, pattern=r"^reg:fmt:")],
            STATE["salary"]: [
                MessageHandler(text, on_salary_text),
                CallbackQueryHandler(on_salary_skip, pattern=r"^reg:sal:"),
            ],
            STATE["relocate"]: [CallbackQueryHandler(on_relocate, pattern=r"^reg:reloc:")],
            STATE["role"]: [CallbackQueryHandler(on_role, pattern=r"^reg:role:")],
            STATE["visibility"]: [CallbackQueryHandler(on_visibility, pattern=r"^reg:vis:")],
            STATE["digest"]: [CallbackQueryHandler(on_digest, pattern=r"^reg:dg:")],
            STATE["digest_day"]: [CallbackQueryHandler(on_digest_day, pattern=r"^reg:day:")],
            STATE["digest_hour"]: [CallbackQueryHandler(on_digest_hour, pattern=r"^reg:hour:")],
            STATE["summary"]: [CallbackQueryHandler(on_summary, pattern=r"^reg:sum:")],
            STATE["edit"]: [
                CallbackQueryHandler(on_edit_field, pattern=r"^reg:edit:"),
                CallbackQueryHandler(on_summary, pattern=r"^reg:sum:"),
            ],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CommandHandler("register", start_registration),
            CommandHandler("edit", start_edit),
            CallbackQueryHandler(on_back, pattern=r"^reg:back$"),
            MessageHandler(filters.ALL & ~FORM_START, reprompt),
            CallbackQueryHandler(reprompt),
        ],
    )
