"""The two ways a service says no; handlers turn them into the user's language."""

from __future__ import annotations


class FormError(ValueError):
    """An answer that does not fit the question; ``key`` names the catalogue message, ``values`` its placeholders."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key, self.values = key, args


class NotAllowed(Exception):
    """The acting user may not do this, judged on the current state; nothing was changed."""
