"""Files people send: a verified organisation's CSV of posts (``/import``), a professional's CV (PDF or DOCX).

A file is downloaded into memory only (never to disk), after its size is checked, and only these three kinds are
read; anything else gets one clear answer. A CSV ends in a per-row report and one preview with Publish all /
Cancel; a CV ends in the skills found, to add to the profile or not. What waits for the button (the ready rows,
the skill ids) lives in the user's form data, tied to the button by a token, and is dropped once answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import html
import io
import logging
import secrets
from typing import Any

from telegram import Document, Update
from telegram.error import BadRequest

from bot.domain import PostStatus
from bot.handlers import reach
from bot.handlers.common import expired, notify_admins
from bot.handlers.context import BotContext
from bot.handlers.post_form import _problems as form_problems
from bot.i18n import SafeHTML, t
from bot.keyboards import CvSkills, ImportAction, Rows, keyboard
from bot.render import split_html
from bot.services.cv import MAX_CV_BYTES, cv_text
from bot.services.errors import FormError, NotAllowed
from bot.services.forms import FIELDS, label_key
from bot.services.imports import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, ImportPlan
from bot.services.posts import KIND_OF_ORG
from bot.views import held_notice, skill_list

log = logging.getLogger(__name__)

IMPORT = "import"  # user_data: the ready rows of the import waiting for Publish all
CV = "cv"  # user_data: the skills found in a CV, waiting for Add / Cancel
CSV_TYPES = {"text/csv", "application/csv", "text/comma-separated-values", "application/vnd.ms-excel"}
CV_TYPES = {"application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def file_kind(document: Document) -> str | None:
    """ "csv", "cv" or None, by the file's name and type as the client reports them (a CV's bytes are checked
    again before it is read)."""
    name = (document.file_name or "").lower()
    mime = (document.mime_type or "").lower()
    if name.endswith(".csv") or (mime in CSV_TYPES and not name.endswith((".xls", ".xlsx"))):
        return "csv"
    if name.endswith((".pdf", ".docx")) or mime in CV_TYPES:
        return "cv"
    return None


async def _send(update: Update, text: str, rows: Rows | None = None) -> None:
    """A message of any length: split at Telegram's limit, the buttons under the last part."""
    parts = split_html(text)
    for part in parts[:-1]:
        await update.effective_chat.send_message(SafeHTML(part))
    await update.effective_chat.send_message(SafeHTML(parts[-1]), reply_markup=keyboard(rows) if rows else None)


async def document_received(update: Update, context: BotContext) -> None:
    assert context.user is not None
    lang, document = context.lang, update.effective_message.document
    assert document is not None
    kind = file_kind(document)
    if kind is None:
        await update.effective_message.reply_text(t(lang, "files.unsupported"))
        return
    limit = MAX_IMPORT_BYTES if kind == "csv" else MAX_CV_BYTES
    too_large = t(lang, "files.too_large", limit=f"{limit // 1024} KB" if limit < 1024 * 1024 else f"{limit >> 20} MB")
    if document.file_size is not None and document.file_size > limit:
        await update.effective_message.reply_text(too_large)
        return
    if kind == "csv":
        if not await context.services.imports.organisations(context.user.telegram_id):
            await update.effective_message.reply_text(t(lang, "import.no_org"))
            return
    elif await context.services.cv.profile(context.user.telegram_id) is None:
        await update.effective_message.reply_text(t(lang, "cv.no_profile"))
        return
    file = await document.get_file()
    data = bytes(await file.download_as_bytearray())  # in memory: the file never touches the disk
    if len(data) > limit:
        await update.effective_message.reply_text(too_large)
        return
    if kind == "csv":
        await _import(update, context, data)
    else:
        await _cv(update, context, data)


# ---------------------------------------------------------------------------- CSV import
def template(lang: str, kind: str) -> bytes:
    """An empty CSV whose header row names the form's fields in the reader's language."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([html.unescape(t(lang, label_key(kind, f.key))) for f in FIELDS[kind]])
    return ("\ufeff" + buf.getvalue()).encode()  # with a byte-order mark, so that Excel reads it as UTF-8


async def import_command(update: Update, context: BotContext) -> None:
    """``/import``: how to write the file, with a template per kind of post the user's organisations publish."""
    assert context.user is not None
    lang = context.lang
    orgs = await context.services.imports.organisations(context.user.telegram_id)
    if not orgs:
        await update.effective_message.reply_text(t(lang, "import.no_org"))
        return
    help_text = t(lang, "import.help", rows=MAX_IMPORT_ROWS, size=MAX_IMPORT_BYTES // 1024)
    await update.effective_message.reply_text(help_text)
    for kind, org_kind in KIND_OF_ORG.items():
        if any(o.kind == org_kind for o in orgs):
            await update.effective_chat.send_document(
                template(lang, kind), filename=f"{kind}-template.csv", caption=t(lang, f"import.template.{kind}")
            )


def plan_text(lang: str, plan: ImportPlan) -> str:
    kind = plan.kind
    lines = [t(lang, f"import.header.{kind}", count=len(plan.rows), name=plan.org.name)]
    if plan.ignored_columns:
        lines.append(t(lang, "import.ignored", columns=", ".join(plan.ignored_columns)))
    lines.append("")
    for row in plan.rows:
        title = str(row.result.values.get("title", ""))
        if row.status is PostStatus.HELD:
            reasons = ", ".join(t(lang, f"flag.{r}") for r in row.reasons)
            lines.append(t(lang, "import.row_held", row=row.number, title=title, reasons=reasons))
        elif row.status is not None:
            lines.append(t(lang, "import.row_ok", row=row.number, title=title))
        else:
            problems = form_problems(lang, kind, row.result)
            lines.append(t(lang, "import.row_bad", row=row.number) + "\n" + problems)
    opened = sum(r.status is PostStatus.OPEN for r in plan.rows)
    held = sum(r.status is PostStatus.HELD for r in plan.rows)
    lines += ["", t(lang, "import.preview", open=opened, held=held, skipped=len(plan.rows) - opened - held)]
    if len(plan.ready) > plan.room:
        lines.append(t(lang, "import.room", room=plan.room))
    return "\n".join(lines)


async def _import(update: Update, context: BotContext, data: bytes) -> None:
    assert context.user is not None
    lang = context.lang
    try:
        plan = await context.services.imports.plan(context.user.telegram_id, data)
    except NotAllowed:
        await update.effective_message.reply_text(t(lang, "import.no_org"))
        return
    except FormError as err:
        columns = ", ".join(t(lang, label_key(kind, f.key)) for kind in FIELDS for f in FIELDS[kind] if f.required)
        await update.effective_message.reply_text(t(lang, err.key, **{"columns": columns, **err.values}))
        return
    text = plan_text(lang, plan)
    if not plan.ready:
        await _send(update, text + "\n\n" + t(lang, "import.nothing"))
        return
    token = secrets.token_urlsafe(9)
    context.user_data[IMPORT] = {  # type: ignore[index]
        "token": token,
        "org_id": plan.org.id,
        "kind": plan.kind,
        "rows": [[row.number, row.result.values] for row in plan.ready],
    }
    rows: Rows = [
        [
            (t(lang, "import.publish", count=len(plan.ready)), ImportAction("publish", token)),
            (t(lang, "import.cancel"), ImportAction("cancel", token)),
        ]
    ]
    await _send(update, text, rows)


async def _waiting(update: Update, context: BotContext, key: str, token: str) -> dict[str, Any] | None:
    """What waits for this button: the user's own, of this very file; else the one "expired" answer."""
    waiting = (context.user_data or {}).get(key)
    if not isinstance(waiting, dict) or waiting.get("token") != token:
        await expired(update, context)
        return None
    context.user_data.pop(key, None)  # type: ignore[union-attr]
    await update.callback_query.answer()
    with contextlib.suppress(BadRequest):  # already without buttons
        await update.callback_query.edit_message_reply_markup(reply_markup=None)
    return waiting


async def import_pressed(update: Update, context: BotContext, button: ImportAction) -> None:
    assert context.user is not None
    lang = context.lang
    batch = await _waiting(update, context, IMPORT, button.token)
    if batch is None:
        return
    if button.action == "cancel":
        await update.effective_chat.send_message(t(lang, "import.cancelled"))
        return
    kind = batch["kind"]
    rows = [(int(number), values) for number, values in batch["rows"]]
    outcomes = await context.services.imports.publish(context.user.telegram_id, int(batch["org_id"]), kind, rows)
    titles = {number: str(values.get("title", "")) for number, values in rows}
    lines = [t(lang, "import.done")]
    opened: list[tuple[str, int]] = []
    for outcome in outcomes:
        title = titles.get(outcome.number, "")
        if outcome.published is None:
            error = outcome.error or FormError("import.row_refused")
            values = {
                "daily": context.services.posts.max_posts_per_day,
                "open": context.services.posts.max_open_vacancies,
            }
            reason = t(lang, error.key, **{**values, **error.values})
            lines.append(t(lang, "import.row_refused_line", row=outcome.number, title=title, reason=reason))
            continue
        published = outcome.published
        if published.status is PostStatus.OPEN:
            opened.append((published.kind, published.id))
            link = await reach.published_link(context, lang, published)
            lines.append(t(lang, "import.row_published", row=outcome.number, title=title) + link)
        else:
            reasons = ", ".join(t(lang, f"flag.{r}") for r in published.reasons)
            lines.append(t(lang, "import.row_held", row=outcome.number, title=title, reasons=reasons))
            flags = ",".join(published.reasons)
            await notify_admins(
                context,
                lambda admin_lang, p=published, title=title, flags=flags: held_notice(
                    admin_lang, p.kind, p.id, title, flags
                ),
            )
    lines += ["", t(lang, "import.summary", published=len(opened), total=len(outcomes))]
    await _send(update, "\n".join(lines))
    await reach.announce(context, opened)


# ---------------------------------------------------------------------------- a CV
async def _cv(update: Update, context: BotContext, data: bytes) -> None:
    assert context.user is not None
    lang, services = context.lang, context.services
    profile = await services.cv.profile(context.user.telegram_id)
    if profile is None:
        await update.effective_message.reply_text(t(lang, "cv.no_profile"))
        return
    try:
        text = await asyncio.to_thread(cv_text, data)  # the libraries parse in a worker thread, in memory
    except FormError as err:
        await update.effective_message.reply_text(t(lang, err.key, **err.values))
        return
    del data
    found = services.cv.skills(profile, text)
    del text  # nothing of the CV is kept: only the skill ids below, until the professional answers
    tax = services.taxonomy
    known = (
        "\n" + t(lang, "cv.known", skills=SafeHTML(skill_list(tax, lang, [m.skill_id for m in found.known])))
        if found.known
        else ""
    )
    if not found.new:
        await update.effective_message.reply_text(SafeHTML(t(lang, "cv.none") + known))
        return
    token = secrets.token_urlsafe(9)
    context.user_data[CV] = {"token": token, "skills": [m.skill_id for m in found.new]}  # type: ignore[index]
    ids = [m.skill_id for m in found.new]
    text = t(lang, "cv.found", count=len(ids), skills=SafeHTML(skill_list(tax, lang, ids))) + known
    rows: Rows = [[(t(lang, "cv.add"), CvSkills("add", token)), (t(lang, "cv.cancel"), CvSkills("cancel", token))]]
    await update.effective_message.reply_text(SafeHTML(text), reply_markup=keyboard(rows))


async def cv_pressed(update: Update, context: BotContext, button: CvSkills) -> None:
    assert context.user is not None
    lang, services = context.lang, context.services
    waiting = await _waiting(update, context, CV, button.token)
    if waiting is None:
        return
    if button.action == "cancel":
        await update.effective_chat.send_message(t(lang, "cv.cancelled"))
        return
    result = await services.cv.add(context.user.telegram_id, [str(s) for s in waiting.get("skills", [])])
    if result is None:
        await update.effective_chat.send_message(t(lang, "cv.no_profile"))
        return
    profile, change = result
    tax = services.taxonomy
    lines = [t(lang, "cv.added", skills=SafeHTML(skill_list(tax, lang, change.added)))]
    if change.full:
        lines.append(t(lang, "skills.over_limit", limit=30))
    lines.append(t(lang, "skills.now", skills=SafeHTML(skill_list(tax, lang, list(profile.skills)))))
    await update.effective_chat.send_message(SafeHTML("\n".join(lines)))
