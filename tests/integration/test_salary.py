"""Salary through the real bot (issue #16 §1): the private expectation on a profile, gross and net ranges on
vacancies in the region's words, the fit in /matches and in the score, what an organisation may learn of it in
/candidates (within or above its range, never the figure), and the /vacancies salary filter.
"""

from __future__ import annotations

import re

from bot.i18n import raw_message
from fakebotapi import Seen
from tests.harness import BotHarness
from tests.journeys import EMPLOYER, VACANCY_FORM, register, rows, verified_employer

PRO, OTHER, THIRD = 5101, 5102, 5103
NEXT = raw_message("en", "common.next")


def vacancy_form(title: str, salary: str | None) -> str:
    """The journeys' one-message form with another title and salary line (None: no salary at all)."""
    form = VACANCY_FORM.replace("Title: SOC Analyst <Tier 2>", f"Title: {title}")
    return form.replace("Salary: 1500-2100", salary or "")


async def publish(bot: BotHarness, title: str, salary: str | None) -> None:
    await bot.send(EMPLOYER, vacancy_form(title, salary))
    await bot.press(EMPLOYER, "🚀 Publish")
    assert "Published" in bot.last(EMPLOYER).text, bot.last(EMPLOYER).text


async def test_the_expectation_is_optional_private_and_editable(bot: BotHarness) -> None:
    await register(bot, PRO, salary="1.500 €")
    await register(bot, OTHER)  # skipped
    assert rows(bot, "SELECT user_id, salary_net_eur FROM professionals ORDER BY user_id") == [
        (PRO, 1500),
        (OTHER, None),
    ]
    shown = (await bot.send(PRO, "/profile"))[0].text
    assert "Expected salary: 1,500 EUR net a month — 🔒 only you see this" in shown
    assert "Expected salary: not given" in (await bot.send(OTHER, "/profile"))[0].text

    await bot.send(PRO, "/edit")
    assert "net monthly salary" in (await bot.press(PRO, "Salary"))[0].text
    assert "net figure" in (await bot.send(PRO, "2000 bruto"))[0].text  # a gross figure is not taken for net
    assert "one amount in EUR from 100 to 50000" in (await bot.send(PRO, "1500-2000"))[0].text
    assert "one amount" in (await bot.send(PRO, "20"))[0].text
    summary = (await bot.send(PRO, "1 800 eur neto"))[0].text
    assert "Expected salary: 1,800 EUR net a month" in summary
    await bot.press(PRO, "💾 Save")
    assert rows(bot, "SELECT salary_net_eur FROM professionals WHERE user_id = ?", PRO) == [(1800,)]

    await bot.send(PRO, "/edit")
    await bot.press(PRO, "Salary")
    assert "Expected salary: not given" in (await bot.press(PRO, "Skip"))[0].text  # Skip removes it
    await bot.press(PRO, "💾 Save")
    assert rows(bot, "SELECT salary_net_eur FROM professionals WHERE user_id = ?", PRO) == [(None,)]


async def test_ranges_say_gross_or_net_in_every_language(bot: BotHarness) -> None:
    await verified_employer(bot)
    await publish(bot, "Analist SOC", "Paga: 1500-2100 neto")  # Albanian
    await publish(bot, "Analitičar SOC", "Plata: 1.500 - 2.100 bruto")  # Serbian, Bosnian, Montenegrin
    await publish(bot, "Аналитичар SOC", "Плата: 1500-2100 нето")  # Macedonian
    await publish(bot, "SOC analyst", "Salary: 1500-2100 EUR gross")
    await publish(bot, "SOC lead", "Salary: 1500-2100")  # not said which
    assert rows(bot, "SELECT title, salary_min, salary_max, salary_basis FROM vacancies ORDER BY id") == [
        ("Analist SOC", 1500, 2100, "net"),
        ("Analitičar SOC", 1500, 2100, "gross"),
        ("Аналитичар SOC", 1500, 2100, "net"),
        ("SOC analyst", 1500, 2100, "gross"),
        ("SOC lead", 1500, 2100, None),
    ]
    await register(bot, PRO)
    listed = (await bot.send(PRO, "/vacancies"))[0].text
    assert listed.count("💶 1,500–2,100 EUR net a month") == 2
    assert listed.count("💶 1,500–2,100 EUR gross a month") == 2
    assert listed.count("💶 1,500–2,100 EUR a month") == 1
    # the card in Serbian: its words and its digits
    await bot.send(PRO, "/language")
    await bot.press(PRO, raw_message("sr", "language.native_name"))
    assert "💶 1.500–2.100 EUR bruto mesečno" in (await bot.send(PRO, "/vacancies"))[0].text


async def test_the_guided_form_asks_gross_or_net_with_buttons(bot: BotHarness) -> None:
    await verified_employer(bot)
    await bot.send(EMPLOYER, "/post_vacancy")
    await bot.send(EMPLOYER, "Pentester")
    await bot.press_data(EMPLOYER, "pf:-skip-")  # role
    await bot.send(EMPLOYER, "pentest, Burp Suite")
    for data in ("pf:-skip-", "pf:mid", "pf:full_time", "pf:onsite"):  # nice to have, level, type, format
        await bot.press_data(EMPLOYER, data)
    await bot.send(EMPLOYER, "Podgorica")
    await bot.press_data(EMPLOYER, "pf:no")
    question = (await bot.send(EMPLOYER, "1.800-2.400 €"))[0]
    assert "Is this salary gross or net?" in question.text
    assert question.button_labels() == ["Gross (before tax)", "Net (take-home)", "Skip"]
    assert "press Gross or Net" in (await bot.send(EMPLOYER, "per month"))[0].text
    assert "Languages" in (await bot.send(EMPLOYER, "bruto"))[0].text  # typed, in the region's word
    for _ in ("languages", "deadline"):
        await bot.press_data(EMPLOYER, "pf:-skip-")
    await bot.send(EMPLOYER, "jobs@example.org")
    preview = (await bot.press_data(EMPLOYER, "pf:-skip-"))[0].text
    assert "1,800–2,400 EUR gross" in preview  # digits as the cards show them
    await bot.press(EMPLOYER, "✏️ Edit")
    assert "1,500–2,000 EUR net" in (await bot.send(EMPLOYER, "Salary: 1500-2000 neto"))[0].text
    await bot.press(EMPLOYER, "🚀 Publish")
    assert rows(bot, "SELECT salary_min, salary_max, salary_basis FROM vacancies") == [(1500, 2000, "net")]


def score_of(text: str) -> float:
    found = re.search(r"score ([\d.]+)/100", text)
    assert found, text
    return float(found.group(1))


async def test_matches_explain_the_fit_and_a_range_below_costs_ten_points(bot: BotHarness) -> None:
    await verified_employer(bot)
    await publish(bot, "Net enough", "Salary: 1500-2100 net")
    await publish(bot, "Net too low", "Salary: 1000-1400 net")
    await publish(bot, "Gross only", "Salary: 1500-2100 bruto")
    await register(bot, PRO, salary="1800")
    await register(bot, OTHER)  # the same answers, no expectation
    seen: dict[str, tuple[float, str]] = {}
    for user in (PRO, OTHER):
        await bot.send(user, "/matches")
        while True:
            text = bot.last(user).text  # the card is edited in place: read it before Next
            title = next(t for t in ("Net enough", "Net too low", "Gross only") if t in text)
            seen[f"{user}:{title}"] = (score_of(text), text)
            if NEXT not in bot.last(user).button_labels():
                break
            await bot.press(user, NEXT)
    assert len(seen) == 6
    assert "💶 Salary: within your expectation" in seen[f"{PRO}:Net enough"][1]
    assert "💶 Salary: below your expectation" in seen[f"{PRO}:Net too low"][1]
    assert "💶 Salary: gross range — ask for the net figure" in seen[f"{PRO}:Gross only"][1]
    assert not any("💶 Salary:" in text for key, (_, text) in seen.items() if key.startswith(f"{OTHER}:"))
    # the score: ten points off where the range is certainly below, nothing anywhere else
    assert seen[f"{PRO}:Net too low"][0] == round(seen[f"{OTHER}:Net too low"][0] - 10, 1)
    assert seen[f"{PRO}:Net enough"][0] == seen[f"{OTHER}:Net enough"][0]
    assert seen[f"{PRO}:Gross only"][0] == seen[f"{OTHER}:Gross only"][0]
    # the digest says the same under each item
    await bot.send(PRO, "/digest")
    await bot.press(PRO, "👀 Preview now")
    digest = bot.last(PRO).text
    for line in ("within your expectation", "below your expectation", "gross range — ask for the net figure"):
        assert f"💶 Salary: {line}" in digest


async def test_candidates_see_within_or_above_and_never_the_figure(bot: BotHarness) -> None:
    await verified_employer(bot)
    await publish(bot, "Net range", "Salary: 1500-2100 net")
    await publish(bot, "Gross range", "Salary: 1500-2100 gross")
    await register(bot, PRO, name="Within Wanda", salary="1.800")
    await register(bot, OTHER, name="Above Arben", salary="2 650 €")
    await register(bot, THIRD, name="Silent Sara")
    before = len(bot.core.bot_messages(EMPLOYER))
    await bot.send(EMPLOYER, "/candidates")
    cards = await bot.press(EMPLOYER, "Net range")
    by_name = {name: card.text for card in cards for name in ("Wanda", "Arben", "Sara") if name in card.text}
    assert "💶 Salary expectation: within your range" in by_name["Wanda"]
    assert "💶 Salary expectation: above your range" in by_name["Arben"]
    assert "Salary" not in by_name["Sara"]
    cards = await bot.press(EMPLOYER, "Gross range")  # 2,100 gross may or may not be 1,800 net: nothing is said
    gross = {name: card.text for card in cards for name in ("Wanda", "Arben", "Sara") if name in card.text}
    assert "within your range" not in gross["Wanda"] and "above your range" in gross["Arben"]
    everything = " ".join(m.html for m in bot.core.bot_messages(EMPLOYER)[before:])
    for figure in ("1800", "1,800", "1.800", "2650", "2,650", "2.650", "2 650"):
        assert figure not in everything


async def test_the_vacancies_salary_filter_is_a_row_of_buttons(bot: BotHarness) -> None:
    await verified_employer(bot)
    await publish(bot, "Net high", "Salary: 1500-2100 net")
    await publish(bot, "Gross low", "Salary: 1000-1400 bruto")
    await publish(bot, "Single figure", "Salary: 2000")
    await publish(bot, "No salary", None)
    await register(bot, PRO)

    def titles(text: str) -> set[str]:
        return {t for t in ("Net high", "Gross low", "Single figure", "No salary") if t in text}

    async def press(label: str) -> Seen:
        await bot.press(PRO, label)  # the list is edited in place
        return bot.last(PRO)

    first = (await bot.send(PRO, "/vacancies"))[0]
    assert titles(first.text) == {"Net high", "Gross low", "Single figure", "No salary"}
    assert {"✅ 💶 Any salary", "1,000+", "1,500+", "2,000+", "3,000+"} <= set(first.button_labels())
    at_least = await press("1,500+")
    assert "Salary: at least 1,500 EUR" in at_least.text and "✅ 1,500+" in at_least.button_labels()
    assert titles(at_least.text) == {"Net high", "Single figure"}
    assert titles((await press("1,000+")).text) == {"Net high", "Gross low", "Single figure"}
    assert titles((await press("2,000+")).text) == {"Net high", "Single figure"}  # 2,100 ≥ 2,000
    assert titles((await press("3,000+")).text) == set()
    back = await press("💶 Any salary")
    assert "Salary: any" in back.text and len(titles(back.text)) == 4
    at_least = await press("2,000+")
    kept = await press("🌍 Economy")  # another filter keeps the salary one
    assert "Salary: at least 2,000 EUR" in kept.text and "✅ 2,000+" in kept.button_labels()


async def test_a_csv_import_reads_gross_and_net_like_the_form(bot: BotHarness) -> None:
    await verified_employer(bot)
    table = (
        "Naziv,Potrebne veštine,Lokacija,Prijava,Plata\n"
        'SOC neto,SIEM,"Crna Gora, Podgorica",https://example.org/a,1.500-2.200 neto\n'
        'SOC bruto,SIEM,"Crna Gora, Podgorica",https://example.org/b,бруто 1800\n'
        'SOC plain,SIEM,"Crna Gora, Podgorica",https://example.org/c,1500-2200\n'
    )
    replies = await bot.send_document(EMPLOYER, table.encode(), "oglasi.csv", "text/csv")
    await bot.press(EMPLOYER, next(label for r in replies for label in r.button_labels() if label.startswith("🚀")))
    assert rows(bot, "SELECT title, salary_min, salary_max, salary_basis FROM vacancies ORDER BY id") == [
        ("SOC neto", 1500, 2200, "net"),
        ("SOC bruto", 1800, 1800, "gross"),
        ("SOC plain", 1500, 2200, None),
    ]
