"""The bot's command menu: which commands exist, for whom; descriptions come from the catalogues."""

PUBLIC_COMMANDS: tuple[str, ...] = ("start", "help", "privacy", "language", "cancel")
ADMIN_COMMANDS: tuple[str, ...] = ("health",)
