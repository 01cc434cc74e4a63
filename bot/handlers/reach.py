"""Reach: deep links that open a post for anyone, partners' source codes, the Share button, inline mode, and
announcing newly opened posts in the channel (``CHANNEL_ID``).

Everything shared here is a post anybody may see now (``ReachService``), rendered without anything about a
person: a post card and its link.
"""

from __future__ import annotations

import html
import logging
from urllib.parse import quote

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.domain import PostStatus
from bot.handlers.common import admin_only
from bot.handlers.context import BotContext
from bot.i18n import DEFAULT_LANGUAGE, SafeHTML, t
from bot.keyboards import CODE_OF_KIND, KIND_OF_CODE, MatchAction, ReportPost, RoleChoice, Rows, SharePost, keyboard
from bot.keyboards import button_text as label
from bot.render import MESSAGE_LIMIT, split_html, utf16_len
from bot.services.errors import FormError
from bot.services.posts import Published
from bot.services.reach import SOURCE_PREFIX, SharedPost, deep_link
from bot.views import course_card, vacancy_card

log = logging.getLogger(__name__)


def link_of(context: BotContext, code: str) -> str:
    return deep_link(context.bot.username, code)


def post_card(context: BotContext, lang: str, post: SharedPost, details: bool = True) -> SafeHTML:
    """A post as anybody may read it: a vacancy's card, or a course's; long ones in full only when asked."""
    taxonomy = context.services.taxonomy
    if post.vacancy is not None:
        return vacancy_card(taxonomy, lang, post.vacancy, details=details)
    assert post.course is not None
    return course_card(taxonomy, lang, post.course)


def _fitting(context: BotContext, lang: str, post: SharedPost, tail: str) -> str:
    """The full card and ``tail`` if they fit one message, else the short card and ``tail``."""
    text = post_card(context, lang, post) + "\n\n" + tail
    if utf16_len(text) <= MESSAGE_LIMIT:
        return text
    return post_card(context, lang, post, details=False) + "\n\n" + tail


def open_button(context: BotContext, lang: str, post: SharedPost) -> InlineKeyboardMarkup:
    """A URL button that opens the post in the bot: the only button that works in a channel or another chat."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(label(t(lang, "reach.open")), url=link_of(context, post.code))]])


# ---------------------------------------------------------------------------- /start <payload>
async def open_payload(update: Update, context: BotContext, payload: str) -> bool:
    """``/start src_<code>`` records the partner (first touch) and lets the welcome follow; ``/start <code>``
    opens the post for anyone, in their language. True when the post was shown (no welcome needed). A payload
    that is neither (malformed, made up) is ignored: the welcome follows as for a plain /start."""
    assert context.user is not None
    services, lang, chat = context.services, context.lang, update.effective_chat
    if payload.startswith(SOURCE_PREFIX):
        await services.reach.record_source(context.user.telegram_id, payload)
        return False
    post = await services.reach.open_by_code(payload)
    if post is None:  # a post's link that opens nothing now says so; anything else is ignored
        if await services.reach.known_code(payload):
            await chat.send_message(t(lang, "reach.gone"))
        return False
    user_id = context.user.telegram_id
    profile = await services.professionals.get(user_id)
    newcomer = profile is None and not await services.organisations.of_user(user_id)
    rows: Rows = []
    if post.vacancy is not None and profile is not None:
        rows.append([(t(lang, "matches.interested"), MatchAction("i", post.id))])
    rows.append(
        [
            (t(lang, "reach.share_button"), SharePost(CODE_OF_KIND[post.kind], post.id)),
            (t(lang, "report.button"), ReportPost(CODE_OF_KIND[post.kind], post.id)),
        ]
    )
    tail = t(lang, "reach.register_pointer") if newcomer else ""
    if newcomer:
        rows.append([(t(lang, "role.professional"), RoleChoice("professional"))])
    text = _fitting(context, lang, post, tail).rstrip() if tail else post_card(context, lang, post)
    parts = split_html(text)
    for part in parts[:-1]:
        await chat.send_message(SafeHTML(part))
    await chat.send_message(SafeHTML(parts[-1]), reply_markup=keyboard(rows))
    return True


# ---------------------------------------------------------------------------- the Share button and the link
async def share_pressed(update: Update, context: BotContext, button: SharePost) -> None:
    query, lang = update.callback_query, context.lang
    post = await context.services.reach.shared_post(KIND_OF_CODE[button.kind], button.id)
    if post is None:  # closed, held, taken down, expired, or its organisation not verified: nothing to share
        await query.answer(t(lang, "reach.gone"), show_alert=True)
        return
    await query.answer()
    link = link_of(context, post.code)
    share_url = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(post.title[:200], safe='')}"
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label(t(lang, "reach.share_telegram")), url=share_url)],
            [InlineKeyboardButton(label(t(lang, "reach.share_chat")), switch_inline_query=post.code)],
        ]
    )
    await update.effective_chat.send_message(t(lang, "reach.share", title=post.title, link=link), reply_markup=markup)


def link_line(context: BotContext, lang: str, code: str) -> SafeHTML:
    return t(lang, "reach.link_line", link=link_of(context, code))


async def published_link(context: BotContext, lang: str, published: Published) -> str:
    """After Publish: the line with an open post's link for its organisation ("" for a post not open)."""
    if published.status is not PostStatus.OPEN:
        return ""
    post = await context.services.reach.shared_post(published.kind, published.id)
    return "\n" + link_line(context, lang, post.code) if post is not None else ""


# ---------------------------------------------------------------------------- inline mode
async def inline_query(update: Update, context: BotContext) -> None:
    """``@bot words``: open posts of verified organisations to share into any chat, each as its card and link."""
    query = update.inline_query
    if query is None:  # pragma: no cover - the handler is registered for inline queries only
        return
    lang = context.lang
    results = []
    for post in await context.services.reach.search(query.query):
        text = post_card(context, lang, post, details=False) + "\n\n" + link_line(context, lang, post.code)
        if post.vacancy is not None:  # plain text under the title in the list of results
            v = post.vacancy
            where = ", ".join(x for x in (html.unescape(t(lang, f"economy.{v.economy}")), v.city) if x)
            description = f"{v.organisation} · {where}"
        else:
            assert post.course is not None
            description = post.course.provider
        results.append(
            InlineQueryResultArticle(
                id=post.code,
                title=post.title[:256],
                description=description[:256] or None,
                input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML),
                reply_markup=open_button(context, lang, post),
            )
        )
    await query.answer(results, cache_time=60, is_personal=False)


# ---------------------------------------------------------------------------- the channel
async def announce(context: BotContext, posts: list[tuple[str, int]]) -> None:
    """Send each post that anybody may see now, and was never announced, to the channel (``CHANNEL_ID``), in the
    default language, with a button that opens it in the bot. A failure is logged and changes nothing else: the
    publish, approval or verification that led here has already happened."""
    services = context.services
    channel = services.settings.channel_id
    if channel is None:
        return
    for kind, post_id in posts:
        try:
            post = await services.reach.shared_post(kind, post_id)
            if post is None or not await services.reach.claim_announcement(post):
                continue
            text = _fitting(context, DEFAULT_LANGUAGE, post, link_line(context, DEFAULT_LANGUAGE, post.code))
            await context.bot.send_message(channel, text, reply_markup=open_button(context, DEFAULT_LANGUAGE, post))
        except TelegramError as exc:
            log.warning("could not announce %s %s in the channel: %s", kind, post_id, exc)
        except Exception:  # never let the channel break what led here
            log.exception("could not announce %s %s in the channel", kind, post_id)


async def announce_organisation(context: BotContext, org_id: int) -> None:
    """An organisation was verified: its posts that were waiting are open now."""
    await announce(context, await context.services.reach.open_posts_of(org_id))


# ---------------------------------------------------------------------------- /source (admins)
@admin_only
async def source_command(update: Update, context: BotContext) -> None:
    """``/source NAME``: a new source code for a partner, as a link; ``/source`` lists the existing ones."""
    assert context.user is not None
    lang, services = context.lang, context.services
    name = " ".join(context.args or [])
    if not name:
        sources = await services.reach.sources(context.user.telegram_id)
        lines = [t(lang, "source.usage")]
        if sources:
            lines += ["", t(lang, "source.list")]
            lines += [
                t(lang, "source.line", name=s.name, link=link_of(context, SOURCE_PREFIX + s.code)) for s in sources
            ]
        await update.effective_message.reply_text("\n".join(lines))
        return
    try:
        payload = await services.reach.create_source(context.user.telegram_id, name)
    except FormError as err:
        await update.effective_message.reply_text(t(lang, err.key, **err.values))
        return
    await update.effective_message.reply_text(
        t(lang, "source.created", name=" ".join(name.split()), link=link_of(context, payload))
    )
