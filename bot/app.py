"""The one place where the bot is wired: reading this file tells every command, conversation, job and guard."""

from __future__ import annotations

import logging
import warnings
from datetime import time
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest
from telegram.warnings import PTBUserWarning

from bot.commands import ADMIN_COMMANDS, PUBLIC_COMMANDS
from bot.config import Settings
from bot.digest.deliver import DigestRunner
from bot.handlers import (
    applications,
    contact,
    digest,
    documents,
    errors,
    fallback,
    feedback,
    freshness,
    hires,
    info,
    insights,
    language,
    maintenance,
    matches,
    moderation,
    my_posts,
    organisations,
    post_form,
    profile,
    reach,
    registration,
    start,
)
from bot.handlers.common import expired, on_button
from bot.handlers.context import SERVICES_KEY, BotContext, remember_user
from bot.handlers.guards import FloodGuard, forget_old_updates, private_chats_only
from bot.i18n import DEFAULT_LANGUAGE, languages, t
from bot.keyboards import (
    Applicants,
    BrowseVacancies,
    CandidatesOf,
    Consent,
    ContactAnswer,
    ContactMethod,
    ContactRequest,
    CvSkills,
    DigestAction,
    Feedback,
    FeedbackReason,
    HireCheckIn,
    HirePlace,
    ImportAction,
    LanguageChoice,
    MatchAction,
    Moderate,
    MoveApplicant,
    OrgDecision,
    PostAction,
    ReportPost,
    SavedList,
    SharePost,
    StatusChoice,
    StillLooking,
)
from bot.observability import Liveness, ObservedApplication, ObservedRequest
from bot.ratelimit import ResilientRateLimiter, as_bulk
from bot.services import Services
from bot.storage.persistence import SqlitePersistence

log = logging.getLogger(__name__)

DIGEST_TICK_SECONDS = 300

BotApplication = Application[Any, BotContext, Any, Any, Any, Any]


def build_application(
    settings: Settings,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    services: Services | None = None,
    rate_limit: bool = True,
) -> BotApplication:
    """Build the production Application; tests and the demo pass a fake transport as ``request``."""
    services = services or Services.create(settings)
    liveness = Liveness(mode="webhook" if settings.webhook_url else "polling")
    # Every Bot API call goes through ObservedRequest (errors by status, the last good getUpdates for /healthz).
    transport, polling = request, get_updates_request or request
    request = ObservedRequest(transport or HTTPXRequest(connection_pool_size=256), liveness)
    get_updates_request = ObservedRequest(polling or HTTPXRequest(connection_pool_size=1), liveness)
    builder = (
        ApplicationBuilder()
        .application_class(ObservedApplication)
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .persistence(SqlitePersistence(services.db))
        .context_types(ContextTypes(context=BotContext))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if rate_limit:  # off only in the load benchmark, which measures the bot's own cost per update
        builder = builder.rate_limiter(ResilientRateLimiter())
    builder = builder.request(request).get_updates_request(get_updates_request)
    application: BotApplication = builder.build()
    application.liveness = liveness  # type: ignore[attr-defined]
    application.bot_data[SERVICES_KEY] = services
    application.bot_data[maintenance.LIVENESS_KEY] = liveness
    register_handlers(application)
    return application


def register_handlers(application: BotApplication) -> None:
    """Every command, button, conversation and fallback, in the order PTB tries them; nothing is wired elsewhere
    (conversations keep their steps in their own modules)."""
    # Guards run for every update before anything else: private chats only, who it is (and not a replay), flooding.
    settings = application.bot_data[SERVICES_KEY].settings
    application.add_handler(TypeHandler(Update, private_chats_only), group=-3)
    application.add_handler(TypeHandler(Update, remember_user), group=-2)
    application.add_handler(
        TypeHandler(Update, FloodGuard(settings.flood_rate_per_minute, settings.flood_burst)), group=-1
    )

    with warnings.catch_warnings():
        # Our conversations mix message and button steps on purpose and track them per user, not per message.
        warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)
        conversations = [
            registration.build_registration(),
            organisations.build_organisation_conversation(),
            post_form.build_posting_conversation(),
            profile.build_delete_conversation(),
            contact.build_contact_method_conversation(),
        ]
    application.add_handlers(
        [
            *conversations,
            # everyone
            CommandHandler("start", start.start),
            CommandHandler("help", info.help_command),
            CommandHandler("privacy", info.privacy),
            CommandHandler("language", language.choose_language),
            on_button(LanguageChoice, language.set_language),
            CommandHandler("cancel", fallback.cancel_outside_conversation),
            CommandHandler("report", moderation.report_command),
            on_button(ReportPost, moderation.report_pressed),
            on_button(SharePost, reach.share_pressed),
            InlineQueryHandler(reach.inline_query),
            CommandHandler("digest", digest.digest_command),
            on_button(DigestAction, digest.digest_pressed),
            # professionals
            CommandHandler("profile", profile.show_profile),
            CommandHandler("skills", profile.skills_command),
            CommandHandler("status", profile.status_command),
            on_button(StatusChoice, profile.status_pressed),
            on_button(HirePlace, hires.hire_place_pressed),
            on_button(HireCheckIn, hires.check_in_pressed),
            on_button(StillLooking, freshness.still_looking_pressed),
            CommandHandler("mydata", profile.my_data),
            CommandHandler("matches", matches.matches_command),
            on_button(MatchAction, matches.matches_pressed),
            on_button(Feedback, feedback.feedback_pressed),
            on_button(FeedbackReason, feedback.reason_pressed),
            CommandHandler("saved", feedback.saved_command),
            on_button(SavedList, feedback.saved_pressed),
            CommandHandler("courses", matches.courses_command),
            CommandHandler("vacancies", matches.vacancies_command),
            on_button(BrowseVacancies, matches.vacancies_pressed),
            CommandHandler("nextrole", matches.next_role_command),
            on_button(ContactAnswer, contact.contact_answer_pressed),
            on_button(Consent, contact.consent_pressed),
            on_button(ContactMethod, contact.method_username, method="username"),
            on_button(CvSkills, documents.cv_pressed),
            CommandHandler("applications", applications.applications_command),
            # organisations
            CommandHandler("invite", organisations.invite_command),
            CommandHandler("join", organisations.join_command),
            CommandHandler("my_posts", my_posts.my_posts),
            on_button(PostAction, my_posts.post_action, action=("c", "x")),
            CommandHandler("candidates", contact.candidates_command),
            CommandHandler("import", documents.import_command),
            on_button(ImportAction, documents.import_pressed),
            on_button(CandidatesOf, contact.candidates_pressed),
            on_button(ContactRequest, contact.contact_request_pressed),
            on_button(Applicants, applications.applicants_pressed),
            on_button(MoveApplicant, applications.move_pressed),
            # admins (each refuses a non-admin like an unknown command)
            CommandHandler("pending", moderation.pending_command),
            on_button(OrgDecision, moderation.decide_org),
            on_button(Moderate, moderation.moderation_pressed),
            CommandHandler("reject", moderation.reject_command),
            CommandHandler("block", moderation.block_command),
            CommandHandler("unblock", moderation.unblock_command),
            CommandHandler("stats", insights.stats_command),
            CommandHandler("source", reach.source_command),
            CommandHandler("digest_now", digest.digest_now),
            CommandHandler("digest_status", digest.digest_status),
            CommandHandler("health", info.health),
            # Files: a CSV of posts (organisations), a CV (professionals); anything else is refused clearly.
            MessageHandler(filters.Document.ALL, documents.document_received),
            # Fallbacks last: whatever nobody else took gets a helpful answer, never silence.
            MessageHandler(filters.COMMAND, fallback.unknown_command),
            MessageHandler(filters.TEXT, fallback.unknown_text),
            MessageHandler(~filters.StatusUpdate.ALL, fallback.unknown_media),
            CallbackQueryHandler(expired),
        ]
    )
    application.add_error_handler(errors.on_error)


def _commands(lang: str, names: tuple[str, ...]) -> list[BotCommand]:
    return [BotCommand(name, t(lang, f"cmd.{name}")[:256]) for name in names]


def command_menu_languages() -> list[tuple[str | None, str]]:
    """(Telegram language_code, catalogue): the default menu is English; Bosnian and Croatian apps get Serbian."""
    menus: list[tuple[str | None, str]] = []
    for lang in languages():
        if "-" in lang:  # Telegram menus take two-letter codes only; sr-Cyrl readers see their catalogue in chat
            continue
        menus.append((None if lang == DEFAULT_LANGUAGE else lang, lang))
        if lang == "sr":
            menus += [("bs", "sr"), ("hr", "sr")]
    return menus


async def _post_init(application: BotApplication) -> None:
    services: Services = application.bot_data[SERVICES_KEY]
    await services.db.connect()
    await services.matching.start()  # the match index, built from one snapshot in a worker thread
    application.bot_data[digest.RUNNER_KEY] = DigestRunner(
        services, application.bot, send_empty=services.settings.digest_send_empty
    )
    settings = services.settings
    if application.job_queue is not None:
        # Jobs send at bulk priority: background work never delays an answer to a person (bot/ratelimit.py).
        jobs = application.job_queue
        jobs.run_repeating(as_bulk(my_posts.send_reminders), interval=3600, first=60, name="vacancy-reminders")
        # A run a shutdown interrupted is finished soon after the next start, not at the next tick.
        interrupted = bool(await application.bot_data[digest.RUNNER_KEY].repo.pending(limit=1))
        jobs.run_repeating(
            as_bulk(digest.digest_tick),
            interval=DIGEST_TICK_SECONDS,
            first=3 if interrupted else 30,
            name="digest-tick",
        )
        jobs.run_monthly(as_bulk(insights.monthly_report), when=time(8, 0), day=1, name="monthly-report")
        jobs.run_repeating(forget_old_updates, interval=86_400, first=600, name="forget-updates")
        jobs.run_daily(as_bulk(maintenance.inactivity_job), time(4, 0), name="inactivity-erase")
        # The retention loop's check-ins at 6 and 12 months after a hire, and "Still looking?" after 60 days away.
        jobs.run_daily(as_bulk(hires.check_in_job), time(11, 0), name="hire-check-ins")
        jobs.run_daily(as_bulk(freshness.freshness_job), time(11, 30), name="still-looking")
        if settings.backup_dir is not None:
            jobs.run_daily(as_bulk(maintenance.backup_job), settings.backup_time, name="backup")
            jobs.run_once(as_bulk(maintenance.backup_if_overdue), 120, name="backup-catch-up")
        else:
            log.info("BACKUP_DIR is not set: no scheduled backups")
        if settings.webhook_url:
            jobs.run_repeating(maintenance.webhook_check, interval=60, first=5, name="webhook-check")
    try:
        await _set_command_menus(application, services)
    except TelegramError as exc:  # the menus are a convenience: a Bot API hiccup here must not stop the start
        log.warning("could not set the command menus: %s; they are set again on the next start", exc)


async def _set_command_menus(application: BotApplication, services: Services) -> None:
    for code, lang in command_menu_languages():
        await application.bot.set_my_commands(
            _commands(lang, PUBLIC_COMMANDS), scope=BotCommandScopeDefault(), language_code=code
        )
        for admin_id in services.settings.admin_ids:
            try:
                await application.bot.set_my_commands(
                    _commands(lang, PUBLIC_COMMANDS + ADMIN_COMMANDS),
                    scope=BotCommandScopeChat(admin_id),
                    language_code=code,
                )
            except TelegramError as exc:
                # An admin who has never opened the bot has no chat yet; their menu is set next start.
                log.warning("could not set admin commands for %s: %s", admin_id, exc)


async def _post_shutdown(application: BotApplication) -> None:
    await application.bot_data[SERVICES_KEY].db.close()
