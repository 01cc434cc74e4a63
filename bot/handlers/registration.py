"""Professional registration and profile editing: one named, persistent conversation.

Flow (docs in README): consent → name → economy → city → skills (confirm, add, remove) → level → years →
languages → work format → relocation → target ECSF role → visibility → digest → summary (Save / Edit).
``/edit`` enters the same conversation at an edit menu, so each field can be changed without a full re-run.
The form lives in ``user_data`` (persisted), and nothing is stored as a profile until Save.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain import ECONOMIES, LANGUAGES, Level, SkillEntry, Visibility, WorkFormat
from bot.handlers.common import DRAFTS, FORM_START, button_choice, edit, expired, switch_to
from bot.handlers.context import BotContext
from bot.i18n import SafeHTML, t
from bot.keyboards import RoleChoice, keyboard
from bot.services import PRIVACY_NOTICE_VERSION
from bot.services.professionals import (
    CityElsewhere,
    FormError,
    form_from_profile,
    merge_skills,
    validate_city,
    validate_name,
    validate_years,
)
from bot.storage.users import utc_now
from bot.views import profile_summary, recognised_skills, skill_name, weekday_name

FORM = "reg"
NAME = "registration"
DRAFTS[NAME] = FORM
STEPS = (
    "consent", "name", "economy", "city", "skills", "level", "years", "languages", "formats", "relocate", "role",
    "visibility", "digest", "summary", "edit", "skills_remove", "digest_day", "digest_hour",
)  # fmt: skip
STATE = {name: index for index, name in enumerate(STEPS)}
FLOW = STEPS[: STEPS.index("summary") + 1]
EDITABLE = ("name", "economy", "city", "skills", "level", "years", "languages", "formats", "relocate", "role",
            "visibility", "digest")  # fmt: skip
HOURS = (7, 8, 9, 10, 12, 14, 17, 19)
Rows = list[list[tuple[str, str]]]


def _form(context: BotContext) -> dict[str, Any]:
    return context.user_data.setdefault(FORM, {})  # type: ignore[union-attr]


def _back_row(lang: str) -> list[tuple[str, str]]:
    return [(t(lang, "common.back"), "reg:back")]


def _prompt(step: str, context: BotContext) -> tuple[str, Rows]:
    """The question for a step and its buttons."""
    lang, form, tax = context.lang, _form(context), context.services.taxonomy
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
        pending = form.get("city_pending")
        if pending:  # the city typed is in another economy than the one chosen: which is right?
            found, chosen = t(lang, f"economy.{pending['economy']}"), t(lang, f"economy.{form.get('economy')}")
            text = t(lang, "reg.city_other_economy", city=pending["typed"], found=found, chosen=chosen)
            return text, [[(found, "reg:city:move")], [(chosen, "reg:city:keep")], _back_row(lang)]
        return t(lang, "reg.city"), [[(t(lang, "common.skip"), "reg:city:skip")], _back_row(lang)]
    if step == "skills":
        return t(lang, "reg.skills"), [_back_row(lang)]
    if step == "skills_remove":
        rows = [
            [(SafeHTML(f"✖ {skill_name(tax, lang, SkillEntry(*s))}"), f"reg:skrm:{i}")]
            for i, s in enumerate(form.get("skills", []))
        ]
        return t(lang, "reg.skills_remove"), [*rows, [(t(lang, "common.done"), "reg:skrm:done")]]
    if step == "level":
        return t(lang, "reg.level"), [[(t(lang, f"level.{lv.value}"), f"reg:lvl:{lv.value}")] for lv in Level] + [
            _back_row(lang)
        ]
    if step == "years":
        return t(lang, "reg.years", limit=50), [_back_row(lang)]
    if step == "languages":
        chosen = set(form.get("languages", []))
        rows = [[(("✅ " if c in chosen else "") + t(lang, f"lang.{c}"), f"reg:lang:{c}") for c in LANGUAGES[i : i + 2]]
                for i in range(0, len(LANGUAGES), 2)]  # fmt: skip
        return t(lang, "reg.languages"), [*rows, [(t(lang, "common.done"), "reg:lang:done")], _back_row(lang)]
    if step == "formats":
        chosen = set(form.get("formats", []))
        rows = [
            [(("✅ " if f.value in chosen else "") + t(lang, f"format.{f.value}"), f"reg:fmt:{f.value}")]
            for f in WorkFormat
        ]
        return t(lang, "reg.formats"), [*rows, [(t(lang, "common.done"), "reg:fmt:done")], _back_row(lang)]
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
    text = t(lang, "reg.summary") + "\n\n" + profile_summary(tax, lang, form, form.get("digest"))
    return text, [[(t(lang, "reg.save"), "reg:sum:save"), (t(lang, "reg.edit"), "reg:sum:edit")],
                  [(t(lang, "reg.discard"), "reg:sum:cancel")]]  # fmt: skip


async def ask(update: Update, context: BotContext, step: str, prefix: str = "") -> int:
    if step != "city":  # a question about the city typed lasts only while the city is being asked
        _form(context).pop("city_pending", None)
    text, rows = _prompt(step, context)
    _form(context)["step"] = step
    await update.effective_chat.send_message(SafeHTML(prefix + text), reply_markup=keyboard(rows) if rows else None)
    return STATE[step]


async def advance(update: Update, context: BotContext, done: str, prefix: str = "") -> int:
    """After answering ``done``: back to the summary when editing, else the next question of the flow."""
    form = _form(context)
    if form.get("editing"):
        return await ask(update, context, "summary", prefix)
    form.setdefault("history", []).append(done)
    return await ask(update, context, FLOW[FLOW.index(done) + 1], prefix)


# ---------------------------------------------------------------------------- entry points
async def start_registration(update: Update, context: BotContext) -> int:
    switch_to(update, context, NAME)
    if update.callback_query:
        await update.callback_query.answer()
    if context.user and await context.services.professionals.get(context.user.telegram_id):
        await update.effective_chat.send_message(t(context.lang, "reg.already"))
        return ConversationHandler.END
    context.user_data[FORM] = {"mode": "new", "history": []}  # type: ignore[index]
    return await ask(update, context, "consent")


async def start_edit(update: Update, context: BotContext) -> int:
    assert context.user is not None
    switch_to(update, context, NAME)
    services = context.services
    profile = await services.professionals.get(context.user.telegram_id)
    if profile is None:
        await update.effective_message.reply_text(t(context.lang, "profile.none"))
        return ConversationHandler.END
    schedule = await services.professionals.schedule(profile.user_id)
    form = form_from_profile(profile, schedule)
    form.update(mode="edit", editing=True, history=[])
    context.user_data[FORM] = form  # type: ignore[index]
    return await ask(update, context, "edit")


# ---------------------------------------------------------------------------- steps
async def on_consent(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, {"yes", "no"})
    if value is None:
        return STATE["consent"]
    if value == "no":
        context.user_data.pop(FORM, None)  # type: ignore[union-attr]
        await update.effective_chat.send_message(t(context.lang, "reg.declined"))
        return ConversationHandler.END
    _form(context)["consent_at"] = utc_now()
    return await advance(update, context, "consent")


async def on_name_text(update: Update, context: BotContext) -> int:
    try:
        _form(context)["name"] = validate_name(update.effective_message.text or "")
    except FormError as err:
        return await ask(update, context, "name", t(context.lang, err.key, **err.values) + "\n\n")
    return await advance(update, context, "name")


async def on_name_default(update: Update, context: BotContext) -> int:
    if await button_choice(update, context, {"default"}) is None:
        return STATE["name"]
    _form(context)["name"] = validate_name(context.user.first_name if context.user else "") if context.user else ""
    return await advance(update, context, "name")


async def on_economy(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, (*ECONOMIES, "abroad"))
    if value is None:
        return STATE["economy"]
    _form(context)["economy"] = value
    return await advance(update, context, "economy")


async def on_city_text(update: Update, context: BotContext) -> int:
    form = _form(context)
    form.pop("city_pending", None)
    try:
        form["city"] = validate_city(update.effective_message.text or "", form.get("economy"))
    except CityElsewhere as err:
        form["city_pending"] = {"typed": err.values["city"], "city": err.city, "economy": err.economy}
        return await ask(update, context, "city")
    except FormError as err:
        return await ask(update, context, "city", t(context.lang, err.key, **err.values) + "\n\n")
    return await advance(update, context, "city")


async def on_city_button(update: Update, context: BotContext) -> int:
    """Skip, or the answer to "this city is in another economy": move the profile there, or keep the choice."""
    form = _form(context)
    pending = form.get("city_pending")
    value = await button_choice(update, context, {"skip", "move", "keep"} if pending else {"skip"})
    if value is None:
        return STATE["city"]
    form.pop("city_pending", None)
    if value == "skip":
        form["city"] = ""
    else:
        form["city"] = pending["city"]
        if value == "move":
            form["economy"] = pending["economy"]
    return await advance(update, context, "city")


async def on_skills_text(update: Update, context: BotContext) -> int:
    form, lang = _form(context), context.lang
    parsed = context.services.professionals.parse_skills(update.effective_message.text or "")
    current = [SkillEntry(*s) for s in form.get("skills", [])]
    change = merge_skills(current, parsed)
    current += change.added
    form["skills"] = [[s.skill_id, s.free_text] for s in current]
    if not current:
        return await ask(update, context, "skills", t(lang, "reg.skills_none") + "\n\n")
    review = recognised_skills(context.services.taxonomy, lang, parsed, current)
    rows = [
        [(t(lang, "reg.skills_ok"), "reg:sk:ok")],
        [(t(lang, "reg.skills_remove_button"), "reg:sk:remove")],
    ]
    form["step"] = "skills"
    await update.effective_chat.send_message(
        SafeHTML(review + "\n\n" + t(lang, "reg.skills_more")), reply_markup=keyboard(rows)
    )
    return STATE["skills"]


async def on_skills_action(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, {"ok", "remove"})
    if value is None:
        return STATE["skills"]
    if value == "remove":
        return await ask(update, context, "skills_remove")
    if not _form(context).get("skills"):
        return await ask(update, context, "skills", t(context.lang, "reg.skills_none") + "\n\n")
    return await advance(update, context, "skills")


async def on_skill_remove(update: Update, context: BotContext) -> int:
    form = _form(context)
    skills = form.get("skills", [])
    value = await button_choice(update, context, {"done", *(str(i) for i in range(len(skills)))})
    if value is None:
        return STATE["skills_remove"]
    if value != "done":
        del skills[int(value)]
        if skills:
            text, rows = _prompt("skills_remove", context)
            await edit(update.callback_query, SafeHTML(text), reply_markup=keyboard(rows))
            return STATE["skills_remove"]
    if not skills:
        return await ask(update, context, "skills", t(context.lang, "reg.skills_none") + "\n\n")
    return await advance(update, context, "skills")


async def on_level(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, {lv.value for lv in Level})
    if value is None:
        return STATE["level"]
    _form(context)["level"] = value
    return await advance(update, context, "level")


async def on_years_text(update: Update, context: BotContext) -> int:
    try:
        _form(context)["years"] = validate_years(update.effective_message.text or "")
    except FormError as err:
        return await ask(update, context, "years", t(context.lang, err.key, **err.values) + "\n\n")
    return await advance(update, context, "years")


async def _toggle(update: Update, context: BotContext, step: str, key: str, options: tuple[str, ...]) -> int:
    value = await button_choice(update, context, {*options, "done"})
    if value is None:
        return STATE[step]
    form = _form(context)
    chosen: list[str] = form.setdefault(key, [])
    if value == "done":
        if not chosen:
            return await ask(update, context, step, t(context.lang, "reg.pick_one") + "\n\n")
        return await advance(update, context, step)
    if value in chosen:
        chosen.remove(value)
    else:
        chosen.append(value)
    _, rows = _prompt(step, context)
    await update.callback_query.edit_message_reply_markup(keyboard(rows))
    return STATE[step]


async def on_language(update: Update, context: BotContext) -> int:
    return await _toggle(update, context, "languages", "languages", LANGUAGES)


async def on_format(update: Update, context: BotContext) -> int:
    return await _toggle(update, context, "formats", "formats", tuple(f.value for f in WorkFormat))


async def on_relocate(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, {"yes", "no"})
    if value is None:
        return STATE["relocate"]
    _form(context)["relocate"] = value == "yes"
    return await advance(update, context, "relocate")


async def on_role(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, {"none", *context.services.taxonomy.roles})
    if value is None:
        return STATE["role"]
    _form(context)["target_role"] = None if value == "none" else value
    return await advance(update, context, "role")


async def on_visibility(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, {v.value for v in Visibility})
    if value is None:
        return STATE["visibility"]
    _form(context)["visibility"] = value
    return await advance(update, context, "visibility")


async def on_digest(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, {"default", "choose", "off"})
    if value is None:
        return STATE["digest"]
    if value == "choose":
        return await ask(update, context, "digest_day")
    _form(context)["digest"] = {"weekday": 0, "hour": 9, "paused": value == "off"}
    return await advance(update, context, "digest")


async def on_digest_day(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, {str(d) for d in range(7)})
    if value is None:
        return STATE["digest_day"]
    _form(context)["digest"] = {"weekday": int(value), "hour": 9, "paused": False}
    return await ask(update, context, "digest_hour")


async def on_digest_hour(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, {str(h) for h in HOURS})
    if value is None:
        return STATE["digest_hour"]
    _form(context).setdefault("digest", {"weekday": 0, "paused": False})["hour"] = int(value)
    return await advance(update, context, "digest")


async def on_summary(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, {"save", "edit", "cancel"})
    step = _form(context).get("step", "summary")
    if value is None:
        return STATE.get(step, STATE["summary"])
    if value == "cancel":
        return await cancel(update, context)
    if value == "edit":
        _form(context)["editing"] = True
        return await ask(update, context, "edit")
    assert context.user is not None
    try:
        await context.services.professionals.save_form(context.user.telegram_id, _form(context), PRIVACY_NOTICE_VERSION)
    except FormError as err:
        return await ask(update, context, "edit", t(context.lang, err.key, **err.values) + "\n\n")
    new = _form(context).get("mode") == "new"
    context.user_data.pop(FORM, None)  # type: ignore[union-attr]
    await update.effective_chat.send_message(t(context.lang, "reg.saved_new" if new else "reg.saved"))
    return ConversationHandler.END


async def on_edit_field(update: Update, context: BotContext) -> int:
    value = await button_choice(update, context, EDITABLE)
    if value is None:
        return STATE["edit"]
    _form(context)["editing"] = True
    return await ask(update, context, value)


async def on_back(update: Update, context: BotContext) -> int:
    await update.callback_query.answer()
    form = _form(context)
    if form.get("editing"):
        return await ask(update, context, "edit")
    history: list[str] = form.get("history", [])
    previous = history.pop() if history else "consent"
    if previous == "consent":  # going back past consent would only re-ask it
        previous = "name" if form.get("consent_at") else "consent"
    return await ask(update, context, previous)


# ---------------------------------------------------------------------------- off the path
async def cancel(update: Update, context: BotContext) -> int:
    if update.callback_query and not update.callback_query.data.startswith("reg:sum"):  # type: ignore[union-attr]
        await update.callback_query.answer()
    context.user_data.pop(FORM, None)  # type: ignore[union-attr]
    await update.effective_chat.send_message(t(context.lang, "reg.cancelled"))
    return ConversationHandler.END


async def reprompt(update: Update, context: BotContext) -> int:
    """Anything the current step cannot take: say what is expected and ask again; the form is kept."""
    step = _form(context).get("step", "consent")
    message = update.effective_message
    if update.callback_query:
        await expired(update, context)
        return STATE.get(step, STATE["consent"])
    if message is not None and message.text and message.text.startswith("/"):
        hint = t(context.lang, "reg.command_inside")
    elif message is not None and message.text:
        hint = t(context.lang, "reg.use_buttons")
    else:
        hint = t(context.lang, "reg.text_only")
    return await ask(update, context, step, hint + "\n\n")


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
