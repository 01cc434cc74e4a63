"""Post forms in the region's languages: field names and values as people write them, and a guided form with no
English left in it."""

from __future__ import annotations

import pytest

from bot.i18n import catalogues, raw_message
from tests.harness import ADMIN_ID, BotHarness
from tests.journeys import rows

EMPLOYER = 4001

FORMS = {
    "sr": """/post_vacancy
Naziv: Analitičar SOC centra
Potrebne veštine: SIEM, analiza logova, odgovor na incidente
Nivo: Srednji nivo
Vrsta zaposlenja: Puno radno vreme
Format rada: Hibridno
Lokacija: Crna Gora, Podgorica
Rad na daljinu iz regiona: ne
Jezici: crnogorski i engleski
Rok: 30 dana
Prijava: posao@example.org""",
    "sr-Cyrl": """/post_vacancy
Назив: Аналитичар SOC центра
Потребне вештине: SIEM, анализа логова
Ниво: Сениор
Формат рада: Хибридно
Локација: Србија, Београд
Језици: српски и енглески
Рок: 30 дана
Пријава: posao@example.org""",
    "sq": """/post_vacancy
Titulli: Analist SOC
Aftësitë e kërkuara: SIEM, analiza e regjistrave
Niveli: Senior
Formati i punës: Në distancë
Vendndodhja: Shqipëri, Tiranë
Gjuhët: anglisht dhe shqip
Afati: 30 ditë
Aplikimi: https://example.org/apliko""",
    "mk": """/post_vacancy
Наслов: SOC аналитичар
Потребни вештини: SIEM, анализа на логови
Ниво: Јуниор
Формат на работа: Од далечина
Локација: Северна Македонија, Скопје
Јазици: англиски и македонски
Рок: 30 дена
Пријава: https://example.org/prijava""",
}


async def employer_in(bot: BotHarness, lang: str) -> None:
    bot.core.add_user(EMPLOYER, first_name="Lea", language_code=lang.split("-")[0])
    await bot.send(EMPLOYER, "/language")
    await bot.press(EMPLOYER, raw_message(lang, "language.native_name"))
    await bot.send(EMPLOYER, "/employer")
    await bot.send(EMPLOYER, "Luka Bank")
    await bot.press(EMPLOYER, raw_message(lang, "economy.ME"))
    await bot.press(EMPLOYER, raw_message(lang, "sector.finance"))
    await bot.send(EMPLOYER, "example.org")
    await bot.send(EMPLOYER, "jobs@example.org")
    await bot.press(ADMIN_ID, "✅ Approve")


def label(lang: str, key: str) -> str:
    return raw_message(lang, key)


@pytest.mark.parametrize("lang", sorted(FORMS))
async def test_one_message_form_with_local_field_names_and_values(bot: BotHarness, lang: str) -> None:
    await employer_in(bot, lang)
    preview = (await bot.send(EMPLOYER, FORMS[lang]))[0].text
    assert label(lang, "post.field.title") in preview, preview
    await bot.press(EMPLOYER, label(lang, "post.publish"))
    (level, fmt, languages) = rows(bot, "SELECT level, work_format, languages FROM vacancies")[0]
    expected = {
        "sr": ("mid", "hybrid", "cnr,en"),
        "sr-Cyrl": ("senior", "hybrid", "sr,en"),
        "sq": ("senior", "remote", "en,sq"),
        "mk": ("junior", "remote", "en,mk"),
    }[lang]
    assert (level, fmt, languages) == expected


# The words of the guided form that must not reach a reader of another language in English.
FORM_KEYS = [
    *(f"post.field.{k}" for k in ("title", "role", "required", "nice", "level", "type", "format", "location")),
    *(f"post.field.{k}" for k in ("remote_region", "salary", "languages", "deadline", "apply", "description")),
    "post.field.salary_basis", "salary_basis.net", "salary_basis.gross",
    *(f"level.{v}" for v in ("student", "junior", "mid", "senior", "lead")),
    *(f"employment.{v}" for v in ("full_time", "part_time", "contract", "internship")),
    *(f"format.{v}" for v in ("onsite", "hybrid", "remote")),
    "common.yes", "common.no", "common.skip", "post.required", "post.optional",
]  # fmt: skip


@pytest.mark.parametrize("lang", [code for code in catalogues() if code != "en"])
async def test_the_guided_form_speaks_the_reader_s_language(bot: BotHarness, lang: str) -> None:
    await employer_in(bot, lang)
    before = len(bot.core.bot_messages(EMPLOYER))
    await bot.send(EMPLOYER, "/post_vacancy")
    await bot.send(EMPLOYER, "SOC")
    await bot.press(EMPLOYER, label(lang, "common.skip"))
    await bot.send(EMPLOYER, "SIEM, Splunk")
    await bot.press(EMPLOYER, label(lang, "common.skip"))
    await bot.press(EMPLOYER, label(lang, "level.senior"))
    await bot.press(EMPLOYER, label(lang, "employment.contract"))
    await bot.press(EMPLOYER, label(lang, "format.remote"))
    await bot.send(EMPLOYER, "Crna Gora, Podgorica")
    await bot.press(EMPLOYER, label(lang, "common.yes"))
    await bot.send(EMPLOYER, "2000-2800")
    await bot.press(EMPLOYER, label(lang, "salary_basis.gross"))  # asked because the range did not say
    await bot.send(EMPLOYER, "crnogorski, engleski" if lang.startswith("sr") else "English")
    await bot.send(EMPLOYER, "45 dana")
    await bot.send(EMPLOYER, "posao@example.org")
    await bot.send(EMPLOYER, "Opis.")
    seen = bot.core.bot_messages(EMPLOYER)[before:]
    assert label(lang, "post.preview.vacancy").split("</b>")[0].split("<b>")[-1] in seen[-1].text
    shown = " | ".join([m.text for m in seen] + [b for m in seen for b in m.button_labels()])
    english = {raw_message("en", k) for k in FORM_KEYS} - {raw_message(lang, k) for k in FORM_KEYS}
    left = sorted(word for word in english if word in shown.split(" | ") or f"{word}:" in shown or f"{word} (" in shown)
    assert left == [], f"English left in the {lang} form: {left}"
