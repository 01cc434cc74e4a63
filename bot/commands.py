"""The bot's command menu: which commands exist, for whom; descriptions come from the catalogues."""

PUBLIC_COMMANDS: tuple[str, ...] = (
    "start", "help", "register", "profile", "edit", "skills", "matches", "saved", "courses", "vacancies", "nextrole",
    "status", "applications", "digest", "employer", "provider", "post_vacancy", "post_course", "import",
    "my_posts", "candidates", "invite", "join", "report", "mydata", "delete_me", "privacy", "language", "cancel",
)  # fmt: skip
ADMIN_COMMANDS: tuple[str, ...] = (
    "pending", "reject", "block", "unblock", "digest_now", "digest_status", "stats", "source", "health",
)  # fmt: skip
