"""The bot's command menu: which commands exist, for whom; descriptions come from the catalogues."""

PUBLIC_COMMANDS: tuple[str, ...] = (
    "start", "help", "register", "profile", "edit", "skills", "matches", "courses", "vacancies", "nextrole",
    "status", "mydata", "delete_me", "privacy", "language", "cancel",
)  # fmt: skip
ADMIN_COMMANDS: tuple[str, ...] = ("health",)
