"""Skills from a CV: a PDF or DOCX read in memory, its text capped, the skills in it found by the normaliser.

Nothing of the file is kept: it is never written to disk, its text is dropped as soon as the skills are found,
and only the skills the professional confirms are added to their profile (as if typed with ``/skills add``).
Parsing untrusted files is bounded: the file's size, the pages read, the text kept and, for a DOCX (a zip), the
declared size of what it unpacks to are all capped before the libraries see it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from bot.domain import Profile
from bot.matching.normalize import ParsedSkills, SkillMatch, SkillNormalizer
from bot.matching.text import fold, letters
from bot.services.errors import FormError
from bot.services.professionals import SkillsChange, merge_skills
from bot.storage.profiles import ProfileRepository

MAX_CV_BYTES = 5 * 1024 * 1024
MAX_CV_CHARS = 30_000  # text read from a CV: a long CV is 10-15,000 characters
MAX_PDF_PAGES = 15
MAX_DOCX_UNPACKED = 30 * 1024 * 1024  # declared size of everything in the zip: no zip bombs
MAX_SHORT_PIECES = 800  # list items checked with the fuzzy normaliser (prose is checked for exact names only)
SHORT_PIECE_WORDS = 4

# Lines, list items and sentences; a skills section is a list ("SIEM, Splunk, incident response").
_PIECES = re.compile(r"[,;\n\r\t|•·●▪■►✓✔*]+|\s[-–—]\s|[.!?:()\[\]{}\"“”](?:\s|$)")


@dataclass(frozen=True)
class FoundSkills:
    new: list[SkillMatch]  # found and not on the profile yet: what "Add to my profile" adds
    known: list[SkillMatch]  # found and already on the profile


def cv_kind(data: bytes) -> str | None:
    """ "pdf" or "docx" by what the bytes are, whatever the file is called; None for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise FormError("cv.error.encrypted")
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= MAX_CV_CHARS:
            break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNPACKED:
            raise FormError("cv.error.unreadable")
    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    size = 0
    for paragraph in document.paragraphs:
        parts.append(paragraph.text)
        size += len(paragraph.text)
        if size >= MAX_CV_CHARS:
            return "\n".join(parts)
    for table in document.tables:  # skills are often laid out in a table
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
                size += len(cell.text)
            if size >= MAX_CV_CHARS:
                return "\n".join(parts)
    return "\n".join(parts)


def cv_text(data: bytes) -> str:
    """The CV's text, at most MAX_CV_CHARS; FormError when it is not a PDF or DOCX that can be read. Blocking
    (the handler runs it in a worker thread)."""
    if len(data) > MAX_CV_BYTES:
        raise FormError("cv.error.too_large", limit=MAX_CV_BYTES // (1024 * 1024))
    kind = cv_kind(data)
    if kind is None:
        raise FormError("cv.error.type")
    try:
        text = _pdf_text(data) if kind == "pdf" else _docx_text(data)
    except FormError:
        raise
    except Exception:  # a damaged or hostile file: whatever the library raised, the answer is the same
        raise FormError("cv.error.unreadable") from None
    return text[:MAX_CV_CHARS]


def skills_in_text(normalizer: SkillNormalizer, text: str) -> list[SkillMatch]:
    """The taxonomy skills a CV names, in order of first mention, through the skill normaliser.

    Short pieces (list items, up to four words) go through ``normalize`` whole, typos and local names included;
    longer ones (sentences) only yield skills named exactly inside them, so prose cannot drift onto a skill by a
    letter or two. A name of four letters or fewer (SOC, IR, PAM) counts in prose only when written with capitals.
    """
    found: dict[str, SkillMatch] = {}
    aliases = normalizer.taxonomy.aliases
    longest = max((len(key.split()) for key in aliases), default=1)
    short_pieces = 0
    for piece in _PIECES.split(text[:MAX_CV_CHARS]):
        words = [(word, fold(word)) for word in piece.split()]
        words = [(word, folded) for word, folded in words if folded]
        if not words:
            continue
        if len(words) <= SHORT_PIECE_WORDS and len(piece.strip()) <= 64 and short_pieces < MAX_SHORT_PIECES:
            short_pieces += 1
            if letters(piece) > 4 or any(c.isupper() for c in piece):
                match = normalizer.normalize(piece.strip())
                if match is not None:
                    found.setdefault(match.skill_id, match)
                    continue
        for size in range(min(len(words), longest), 0, -1):
            for start in range(len(words) - size + 1):
                gram = words[start : start + size]
                key = " ".join(folded for _, folded in gram)
                if key not in aliases:
                    continue
                if letters(key) <= 4 and not any(c.isupper() for word, _ in gram for c in word):
                    continue
                match = normalizer.normalize(key)
                if match is not None:
                    found.setdefault(match.skill_id, match)
    return list(found.values())


class CvService:
    def __init__(self, profiles: ProfileRepository, normalizer: SkillNormalizer) -> None:
        self.profiles = profiles
        self.normalizer = normalizer

    async def profile(self, user_id: int) -> Profile | None:
        return await self.profiles.get(user_id)

    def skills(self, profile: Profile, text: str) -> FoundSkills:
        have = profile.skill_ids
        found = skills_in_text(self.normalizer, text)
        return FoundSkills([m for m in found if m.skill_id not in have], [m for m in found if m.skill_id in have])

    async def add(self, user_id: int, skill_ids: list[str]) -> tuple[Profile, SkillsChange] | None:
        """Add confirmed skills (taxonomy ids only) to the profile, as ``/skills add`` would; None without one."""
        profile = await self.profiles.get(user_id)
        if profile is None:
            return None
        skills = self.normalizer.taxonomy.skills
        matches = [SkillMatch(s, skills[s].name, 100.0, skills[s].name, "exact") for s in skill_ids if s in skills]
        change = merge_skills(list(profile.skills), ParsedSkills(recognised=matches))
        updated = Profile(**{**profile.__dict__, "skills": (*profile.skills, *change.added)})
        await self.profiles.save(updated)
        return updated, change
