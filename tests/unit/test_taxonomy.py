"""The taxonomy keeps the reference ids and refuses inconsistent data, naming the entry at fault."""

from __future__ import annotations

import copy
import json

import pytest

from bot import SEED_DATA_DIR
from bot.matching.taxonomy import TaxonomyError, build_taxonomy, default_taxonomy

REFERENCE_IDS = """
grc.isms grc.iso27001 grc.nist_csf grc.cis grc.risk grc.policy grc.audit grc.bcm grc.tprm
law.nis2 law.gdpr law.dora law.cra law.eidas law.cybercrime law.compliance
soc.monitoring soc.siem soc.logs soc.edr soc.ids soc.detection soc.soar soc.vuln soc.email
dfir.ir dfir.forensics dfir.memory dfir.network dfir.mobile dfir.malware dfir.re dfir.crisis
cti.intel cti.hunting cti.osint cti.attack cti.apt
off.pentest off.web off.network off.ad off.redteam off.social off.exploit off.wireless
net.netsec net.firewall net.vpn net.architecture net.zerotrust net.hardening
app.securecoding app.testing app.devsecops app.api app.threatmodel app.supplychain app.mobile
cld.cloud cld.containers cld.iam cld.pam cld.crypto cld.data
ot.ics ot.ciip ot.iot ot.energy
edu.awareness edu.training edu.exercises edu.research edu.scripting edu.networking
""".split()


def _docs() -> tuple[dict, dict]:
    skills = json.loads((SEED_DATA_DIR / "skills.json").read_text(encoding="utf-8"))
    roles = json.loads((SEED_DATA_DIR / "ecsf_roles.json").read_text(encoding="utf-8"))
    return skills, roles


def test_all_reference_ids_are_present_and_none_renumbered() -> None:
    taxonomy = default_taxonomy()
    assert len(REFERENCE_IDS) == 75
    assert set(REFERENCE_IDS) <= set(taxonomy.skills)
    assert taxonomy.skill_ids[:75] == REFERENCE_IDS  # new skills may only be appended


def test_twelve_ecsf_roles_with_known_skills() -> None:
    roles = default_taxonomy().roles
    assert len(roles) == 12
    assert roles["pentester"].skills[0] == "off.pentest"


def test_every_skill_has_a_local_alias_in_each_language() -> None:
    skills, _ = _docs()
    for entry in skills["skills"]:
        for lang in ("sq", "sr", "mk"):
            assert entry["local"].get(lang), f"{entry['id']} has no {lang} alias"


def test_alias_claimed_by_two_skills_is_refused() -> None:
    skills, roles = _docs()
    broken = copy.deepcopy(skills)
    broken["skills"][1]["aliases"].append("ISMS")
    with pytest.raises(TaxonomyError, match=r"'ISMS' points at two skills: grc\.isms .* grc\.iso27001"):
        build_taxonomy(broken, roles)


def test_role_with_unknown_skill_is_refused() -> None:
    skills, roles = _docs()
    broken = copy.deepcopy(roles)
    broken["roles"][0]["skills"].append("grc.nope")
    with pytest.raises(TaxonomyError, match=r"ECSF role ciso names unknown skill id grc\.nope"):
        build_taxonomy(skills, broken)


def test_empty_name_is_refused() -> None:
    skills, roles = _docs()
    broken = copy.deepcopy(skills)
    broken["skills"][5]["name"] = "  "
    with pytest.raises(TaxonomyError, match=r"skill grc\.policy has an empty name"):
        build_taxonomy(broken, roles)


def test_unverified_aliases_are_marked() -> None:
    aliases = default_taxonomy().aliases
    assert aliases["sajber sigurnost"].verified is False
    assert aliases["digitalna forenzika"].verified is True
