"""The services the handlers call, gathered in one object the Application carries.

Nothing here knows about Telegram: a test, a CLI or a job can build a ``Services`` and call it directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot import SEED_DATA_DIR
from bot.config import Settings
from bot.matching.normalize import SkillNormalizer, default_normalizer
from bot.matching.taxonomy import Taxonomy, default_taxonomy
from bot.services.applications import ApplicationService
from bot.services.contact import ContactService
from bot.services.cv import CvService
from bot.services.feedback import FeedbackService
from bot.services.freshness import FreshnessService
from bot.services.hires import HireService
from bot.services.imports import ImportService
from bot.services.insights import InsightsService
from bot.services.matching import MatchingService
from bot.services.moderation import ModerationService
from bot.services.opportunities import OpportunityService
from bot.services.organisations import OrganisationService
from bot.services.posts import PostService
from bot.services.professionals import ProfessionalService
from bot.services.reach import ReachService
from bot.storage.contact import ContactRepository
from bot.storage.db import Database
from bot.storage.feedback import FeedbackRepository
from bot.storage.freshness import FreshnessRepository
from bot.storage.hires import HireRepository
from bot.storage.matching import MatchRepository
from bot.storage.moderation import ModerationRepository
from bot.storage.opportunities import OpportunityRepository
from bot.storage.organisations import OrganisationRepository
from bot.storage.posts import PostRepository
from bot.storage.profiles import ProfileRepository
from bot.storage.reach import ReachRepository
from bot.storage.users import UserRepository

PRIVACY_NOTICE_VERSION = "2026-11"


@dataclass
class Services:
    settings: Settings
    db: Database
    users: UserRepository
    professionals: ProfessionalService
    opportunities: OpportunityService
    organisations: OrganisationService
    posts: PostService
    moderation: ModerationService
    contact: ContactService
    applications: ApplicationService
    insights: InsightsService
    reach: ReachService
    cv: CvService
    taxonomy: Taxonomy
    normalizer: SkillNormalizer
    matching: MatchingService  # the match index every ranking and count goes through
    hires: HireService  # the retention loop: hires, where, and the 6- and 12-month check-ins
    freshness: FreshnessService  # "Still looking?" after 60 days away, paused after 90
    feedback: FeedbackService  # save, hide, "not relevant" on matches; /saved
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def create(cls, settings: Settings) -> Services:
        db = Database(settings.database_path)
        taxonomy, normalizer = default_taxonomy(), default_normalizer()
        profiles = ProfileRepository(db)
        opportunities = OpportunityRepository(db)
        org_repo, post_repo = OrganisationRepository(db), PostRepository(db)
        organisations = OrganisationService(org_repo)
        professionals = ProfessionalService(db, profiles, normalizer, settings.default_timezone)
        contact_repo = ContactRepository(db)
        matching = MatchingService(MatchRepository(db), opportunities, taxonomy)
        hires = HireService(HireRepository(db), professionals)
        feedback = FeedbackRepository(db)
        return cls(
            settings=settings,
            db=db,
            users=UserRepository(db),
            professionals=professionals,
            opportunities=OpportunityService(profiles, opportunities, taxonomy, matching, feedback),
            organisations=organisations,
            posts=PostService(
                organisations,
                post_repo,
                opportunities,
                taxonomy,
                normalizer,
                settings.max_open_vacancies,
                settings.max_posts_per_day,
            ),
            moderation=ModerationService(org_repo, post_repo, ModerationRepository(db), settings.admin_ids),
            contact=ContactService(organisations, post_repo, opportunities, profiles, contact_repo, matching),
            applications=ApplicationService(
                organisations, post_repo, opportunities, professionals, contact_repo, hires
            ),
            insights=InsightsService(db, taxonomy, matching, hires),
            reach=ReachService(ReachRepository(db), opportunities, normalizer, settings.admin_ids, matching),
            cv=CvService(profiles, normalizer),
            taxonomy=taxonomy,
            normalizer=normalizer,
            matching=matching,
            hires=hires,
            freshness=FreshnessService(FreshnessRepository(db)),
            feedback=FeedbackService(feedback, opportunities, matching),
        )

    @property
    def imports(self) -> ImportService:
        """CSV imports: stateless, on top of the posts service whose rules every row goes through."""
        return ImportService(self.posts)

    async def seed_samples(self) -> dict[str, int]:
        """Load the sample organisations, vacancies and courses (for the demo and for trying the bot)."""
        doc = json.loads((SEED_DATA_DIR / "samples.json").read_text(encoding="utf-8"))
        return await self.opportunities.repo.load_samples(doc)

    async def health(self) -> dict[str, int | str]:
        row = await self.db.fetch_one("SELECT COUNT(*) AS n, COALESCE(SUM(active), 0) AS a FROM users")
        return {
            "users": int(row["n"]) if row else 0,
            "active": int(row["a"]) if row else 0,
            "schema": await self.db.schema_version(),
            "since": self.started_at.isoformat(timespec="seconds"),
        }
