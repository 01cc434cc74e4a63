"""Domain objects shared by services, storage and handlers; plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PROFESSIONAL = "professional"
    EMPLOYER = "employer"
    PROVIDER = "provider"


@dataclass(frozen=True)
class User:
    telegram_id: int
    first_name: str
    language: str | None
    telegram_language: str | None
    roles: frozenset[Role]
    created_at: str
    last_seen_at: str
    consent_version: str | None = None
    consent_at: str | None = None
    active: bool = True
