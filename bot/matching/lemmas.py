"""Local words as English concepts: a light stemmer and a domain lexicon for sq, sr/bs/cnr/hr and mk.

Text is folded first (``bot.matching.text.fold``: Latin script, no diacritics), so Serbian Cyrillic, Macedonian
and Latin spellings meet in one form ("безбедносни" and "bezbednosni" are both ``bezbednosni``). A word is then
looked up as it is, and with one inflectional ending removed (``-ima``, ``-ova``, ``-anje``, ``-it``, ``-eve``,
``-ite``…), longest stem first, in a lexicon of local stems. Each stem stands for an *English concept*, the same
concept the English alias words reduce to ("bezbednost" → ``security``, "forenzičar" → ``forensics``), so a local
phrase translated word by word can be compared with every alias of the taxonomy, in any order, whatever
inflection was typed.

The lexicon is a closed list, on purpose: a word it does not know is never guessed into a concept (it can still
be an English alias word, a loanword respelling — ``loanwords.py`` — or a typo of a known word). Each concept
also has a *kind* that says what may be left out when a phrase is matched: modifiers ("cyber", "information",
"digital", the adjective "security") and generic words ("tools", "platforms", "solutions", "attacks") may be
dropped at a cost; role nouns ("analyst", "auditor") may stand for their activity or be dropped.

Both scripts take one path, and what folding cannot even out is evened out here: a word mixing Latin and Cyrillic
look-alike letters is read in one script (``one_script``), hyphenated tails are listed once and spelled in both
scripts, a Serbian word typed with Macedonian ќ/ѓ (or the other way round) is tried with ћ/ђ, and a woman's role
noun ("analitičarka", "inženjerka") is read as the role. An ijekavian word the lexicon lacks is tried in its
ekavian form ("sprječavanje" → "sprečavanje", "prijetnja" → "pretnja"), reaching a stem of five letters at least.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Kinds of concept: what the matcher may do with the word when a phrase does not match as typed.
CONTENT = "content"  # must be matched
MODIFIER = "modifier"  # may be dropped at cost 1 ("cyber", "information", adjective "security")
HEAD = "head"  # the nouns "security" and "protection": dropped at cost 2 only, so they outweigh a modifier
GENERIC = "generic"  # may be dropped at cost 1 ("tools", "platforms", "attacks", "devices")
ROLE = "role"  # a role noun: itself, its activity ("auditor" → audit), or dropped at cost 1

DROP_COST = {CONTENT: None, MODIFIER: 1, HEAD: 2, GENERIC: 1, ROLE: 1}


@dataclass(frozen=True)
class Sense:
    """What a word means: its concept, its kind, and for a role noun the activity it performs."""

    concept: str
    kind: str = CONTENT
    activity: str | None = None
    alternative: str | None = None  # a second reading at cost 1 ("mreža": network, or grid)


# Inflectional endings of the three languages after folding, tried longest first. Derivational suffixes are not
# here: adjectives and verbal nouns that matter are listed as stems of their own.
ENDINGS = tuple(
    sorted(
        set(
            """
            a e i o u
            om em ama ima ih im og oga ome omu oj ega emu ova ove ovi ovima evima eva eve evi iju ju jom
            anje anja anju anjem anjima enje enja enju enjem iranje iranja iranju iranjem isanje isanja
            ovanje ovanja ovanju ovanjem ivanje ivanja ivanju ivanjem avanje avanja avanju avanjem
            uvanje uvanja uvanjeto
            ot ta to te ite ovite ata eto
            it ut in un ve et ete es en se ne sh esh ash ave at ja je jes ra rat
            """.split()
        ),
        key=len,
        reverse=True,
    )
)
MIN_STEM = 3

# Function words of the three languages (and English), dropped before matching. ``fold`` already drops many.
STOPWORDS = frozenset(
    """
    na za o od u i sa s iz po pri do ka te ili kao protiv preko prema nad pod uz kroz nakon posle poslije pre
    prije tokom putem radi bez izmedju unutar van oko pomocu
    vo so kon niz preku pred kaj megju okolu spored sprema pomos
    e te se per ndaj ne me nga dhe ose si mbi tek pas para gjate neper permes kunder drejt brenda jashte rreth
    sipas lidhur
    of in on for the a an and or to with at by as
    """.split()
)

# Hyphenated inflection after an abbreviation or an English word: "SOC-ut", "TTP-ve", "API-ja", "СОЦ-у". The Serbian
# and Macedonian tails are written once and spelled in both scripts, so "SIEM-ima" and "СИЕМ-има" read alike.
_SLAVIC_TAILS = "i u a e ja je ju jem om em ova ove ovi ima ovima ama".split()
_MK_TAILS = "ot ta to ite".split()  # Macedonian definite forms, Cyrillic only ("-to" in Latin is "end-to-end")
_ALBANIAN_TAILS = "ut it in un ve eve et ët ën ës së të ra rat ave at esh ash".split()
_TO_CYRILLIC = str.maketrans({"a": "а", "e": "е", "i": "и", "o": "о", "u": "у", "j": "ј", "m": "м", "v": "в", "t": "т"})
_TAIL_FORMS = sorted(
    {*_SLAVIC_TAILS, *_ALBANIAN_TAILS, *(t.translate(_TO_CYRILLIC) for t in _SLAVIC_TAILS + _MK_TAILS)},
    key=len,
    reverse=True,
)
_TAIL = re.compile(r"(?<=\w)[-‐'’](?:" + "|".join(_TAIL_FORMS) + r")\b", re.IGNORECASE)


# Latin and Cyrillic letters that look alike. A word typed in one script with a letter or two from the other (a
# Latin "c" or "p" inside a Cyrillic word, a Cyrillic "о" inside "SOC") is read in the script of its other letters.
# A Latin x or y inside a Cyrillic word is left alone: Cyrillic has no such letter, so a word transliterated letter
# by letter keeps them ("Линуx", "сецуритy") and they mean what they say; so is a Cyrillic у after Latin letters,
# a case ending ("SOCу", "APIју"), not a y.
_LOOKALIKES = dict(zip("AaBCcEeHKkMOoPpTJjIi", "АаВСсЕеНКкМОоРрТЈјІі", strict=True))
_LATIN_LOOK = {c: latin for latin, c in zip("AaBCcEeHKkMOoPpTXxJjIi", "АаВСсЕеНКкМОоРрТХхЈјІі", strict=True)}
_TO_CYRILLIC_LOOK = str.maketrans(_LOOKALIKES)
_TO_LATIN_LOOK = str.maketrans(_LATIN_LOOK)
_WORD = re.compile(r"\w+")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


_ACRONYM_AND_ENDING = re.compile(r"[A-Z0-9]{2,}[\u0430-\u045f]+")  # "APIју", "SOCу": a case ending typed on


def _one_script(match: re.Match[str]) -> str:
    word = match.group(0)
    if _ACRONYM_AND_ENDING.fullmatch(word):
        return word
    cyrillic = [c for c in word if _is_cyrillic(c)]
    latin = [c for c in word if c.isalpha() and not _is_cyrillic(c)]
    if not cyrillic or not latin:
        return word
    cyrillic_only = any(c not in _LATIN_LOOK for c in cyrillic)
    latin_only = any(c not in _LOOKALIKES for c in latin)
    if cyrillic_only and not latin_only:
        return word.translate(_TO_CYRILLIC_LOOK)
    if latin_only and not cyrillic_only:
        return word.translate(_TO_LATIN_LOOK)
    return word


_LATIN_LETTER = re.compile(r"[A-Za-z]")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")


def one_script(text: str) -> str:
    """Each word in one script: "безбедноcт" (a Latin c) → "безбедност", "SОC" (a Cyrillic О) → "SOC"."""
    if text.isascii() or not _LATIN_LETTER.search(text) or not _CYRILLIC_LETTER.search(text):
        return text
    return _WORD.sub(_one_script, text)


_E_PREFIX = re.compile(r"\b[eе]-(?=\w)", re.IGNORECASE)
_E_MAIL = re.compile(r"\b[eе][-‐]?(?:mail|маил|мејл|mejl)", re.IGNORECASE)


def strip_tails(text: str) -> str:
    """Drop an inflection hyphenated onto a word ("SOC-ut" → "SOC", "firewall-et" → "firewall") and spell out
    the prefix "e-" ("e-evidence", "е-пошта": electronic), except in "e-mail" ("e-maila", "е-маил": email)."""
    return _E_PREFIX.sub("electronic ", _E_MAIL.sub("email", _TAIL.sub("", text)))


def _lexicon(spec: str, kind: str = CONTENT) -> dict[str, Sense]:
    """``concept: stem stem …`` lines; a role line reads ``role>activity: stem …``; ``a|b`` gives an alternative."""
    table: dict[str, Sense] = {}
    for line in spec.strip().splitlines():
        head, _, stems = line.partition(":")
        head = head.strip()
        activity = alternative = None
        if ">" in head:
            head, activity = (p.strip() for p in head.split(">"))
            activity = activity or None
        if "|" in head:
            head, alternative = (p.strip() for p in head.split("|"))
        for stem in stems.split():
            table[stem] = Sense(head, kind, activity, alternative)
    return table


# --- the lexicon: English concept: local stems (folded), grouped by kind --------------------------------------
# sr = Serbian/Bosnian/Montenegrin/Croatian (ekavian and ijekavian, Latin; Cyrillic folds to the same), sq =
# Albanian, mk = Macedonian (folded: ќ→kj, ѓ→gj, ѕ→dz, џ→dz, ш→s, ч→c, ж→z).
_CONTENT = """
network: mrez mrezn rrjet rrjetav
networking: umrez umrezavanj rrjetezim
management: vodjenj upravlj upravljanj menadzment menadzmen menaxhim menaxh uprav upravuvanj rukovodjenj
handling: rukov rukovanj sprav spravuvanj trajtim obrad postupanj resavanj rjesavanj rijesavanj
response: odgovor reagov reagovanj reagir reagiranj reagim pergjigj odziv reakcij
incident: incident incidenat incidenc
forensics: vestacenj vjestacenj forenzik forenzick forenzicar forenzicark forenziski forenzisk
analysis|assessment: analiz analitik analizir
test: test testir testiranj testim testov ispitiv ispitivanj
penetration: penetru penetracion penetraciono penetracijsk penetracisk penetracij penetrim depertim prodor proboj
pentest: pentest pentestir pentestov pentestim pentesting
hack: hak hakersk hakerstv hakerim hakim hakovanj hakiranj
ethical: etick etik eticn
threat: pretnj prijetnj zakan kercenim
intelligence: obavestajn obavjestajn razuzn razuznavanj razuznavack inteligjenc
hunt: lov gjueti
proactive: proaktivn proaktiv
vulnerability: ranjivost ranjiv ranlivost ranliv dobesi cenueshmeri cenueshmer slabost propust
scan: sken skenir skanim skenim skan skaner skener
assessment|analysis: procen procjen procenk vleresim ocen ocjen evaluacij
risk: rizik rizic rrezik rreziq
policy: politik politic
procedure: procedur
strategy: strategij strategji strategi
governance: qeverisj
audit: audit auditim
audit|review: revizij revizion
continuity: kontinuitet vazhdimesi neprekidnost
business: poslovanj poslovn biznes biznis rabotenj delovn
disaster: katastrof fatkeqesi
recovery: oporavak oporavk rimekembj rimekemb obnov rikuperim zakrepnuv
backup: bekap
copy: kopij kopj
reserve: rezerv
plan: plan planir planifikim
crisis: kriz krizn
communication: komunikacij komunikim komunikacisk komunikacion
exercise: vezb vjezb ushtrim
competition: takmicenj natjecanj natprevar gar
training: obuk trajnim edukacij edukim osposobljavanj obucuvanj trening kurs izobrazb
awareness: svest svijest svesnost svjesnost ndergjegjesim vetedij osvescivanj osvjescivanj
hygiene: higijen higjien higien
investigation: istrag hetim
development: razvoj zhvillim
programming: programir programim programiranj programsk
code: kod kodir kodim kodiranj
scripting: skript skriptim skriptir skriptov
automation: automatizacij avtomatizacij automatizim
cryptography: kriptografij kriptografi kriptografsk kriptozastit sifarsk
injection: injekcij injektim
encryption: enkripcij sifrovanj sifriranj kriptim enkriptim kriptiranj kript enkript shifrim
key: kljuc celes kluc
certificate: sertifikat certifikat certifikim
prevention: sprec sprecavanj spreciti prevencij parandalim
loss: gubit gubitk gubitok guben curenj istek rrjedhj humbj
privacy: privatnost privatesi privatesia
personal: licn licnost osobn personal
control: kontrol kontroln kontroll upravljack
industrial: industrijsk industrial industrisk
critical: kriticn kritik
smart: pametn mencur inteligjent
mobile: mobiln mobil celular
application: aplikacij aplikacion aplikativn
web: veb sajt ueb
cloud: oblak oblac klaud rej
container: kontejner kontejnerizacij kontejnerizim
identity: identitet
access: pristup pristap qasj
privileged: privilegovan privilegiran privilegjuar privilegij povlasten
account: nalog naloz smetk llogari
authentication: vertetim autentifikacij autentikacij avtentikacij avtentifikacij autentifikim autentikim
signature: potpis nenshkrim
trust: poverenj povjerenj doverb besim besuar besueshm
service: uslug sherbim
zero: nult
architecture: arhitektur arkitektur
harden: ojac ojacavanj ocvrsc ocvrscavanj zajakn zajaknuvanj forcim ucvrsc
server: server
patch: zakrp krplj perditesim azuriranj
log: log dnevnik dnevnick regjistr zapis
traffic: saobracaj promet trafik soobrakjaj
packet: paket
malware: virus trojan
malicious: zlonamern zlonamjern zlocudn malicioz keqdash dashakeq stetn
reverse: reverzn obrnut obratn kundert
engineering: inzenjering inzinjering inzenjerstv inzenerstv inzenering inzinering inxhinieri inxhinjeri
social: socijaln drustven shoqeror social
red: crven kuq
blue: plav blu
exploit: eksploit eksploatacij shfrytezim iskoriscavanj
wireless: bezicn bezzicn
detection: detekcij otkriv otkrivanj zbulim detektir detekt detektov
intrusion: upad nderhyrj proval
center: centar centr qendr
monitoring: monitoring monitorir monitoris monitorim vezhgim nadzor nadgled nadgledanj sledenj mbikeqyrj
triage: trijaz
phishing: fising
simulation: simulacij simulim
campaign: kampanj fushat
actor: akter aktor
open: otvoren hapur
source: izvor burim
map: mapir mapiranj hartezim
law: ligj prav zakonodavstv legjislacion
act: akt
resilience: otpornost otporn rezistenc
crime: kriminal krim kriminalitet zlocin zlocinstv
evidence: dokaz prov
impact: uticaj utjecaj ndikim
thing: stvar gjer nest
embedded: ugradjen ugraden vgraden ngulit
sector: sektor
curriculum: kurikul kurrikul nastavn
academic: akademsk naucn shkencor naucen znanstven
segmentation: segmentacij segmentim
remote: udaljen distanc daljinsk dalecinsk
defense: odbran obran odbramben
depth: dubin thellesi
review: pregled rishikim
chain: lanac lanc zinxhir sindzir
supply: opskrb snabdev snabdijev snabdevanj snabdijevanj furnizim snabd snabduvanj
dependency: zavisnost ovisnost varesi
classification: klasifikacij klasifikim
memory: memorij memorj memori kujtes
static: staticn statik
dynamic: dinamicn dinamik
binary: binarn binar
third: trec trecih
party: stran pale pal
qualified: kvalifikovan kvalifikuvan kvalifikuar kvalificiran
rule: pravil rregull
orchestration: orkestracij orkestrim
wall: zid dzid mur
fire: vatr zjarr ogn
firewall: fajervol vatrozid
capture: hvatanj kapj
flag: zastav flamur
tactic: taktik
technique: tehnik teknik
email: imejl mejl
single: jednokratn jedinstven
range: poligon
wi: vaj
fi: faj
sign: prijav
tracking: gjurmim
password: lozink fjalekalim
verification: proverk proveravanj provjer proveren verifikim verifikacij potvrd
remediation: otklanj otklanjanj sanacij
emulation: emulacij emulim
active: aktivn
directory: direktorijum direktorij
python: pajton
multi: shume
page: faq stranic
without: pa
wire: tel
base: baz
alert: alarm upozorenj sinjalizim predupreduvanj uzbun
correlation: korelacij korelacion korelim
adversary: protivnik kundershtar napadac sulmues
purple: ljubicast vjollc purpurn
internal: intern unutarnj unutrasnj
external: ekstern
endpoint: fundor
end: krajnj krajn
point: tack tacak tock pika pikav
public: javn publik
identification: identifikacij identifikim
email: post
multi+factor: visefaktorsk dvofaktorsk viseslojn povekjefaktorsk shumefaktor shumefaktoresh dvostepen
multi+factor: dvostupanjsk viseslojn visestepen dvofaktor
"""

_MODIFIERS = """
security: bezbednosn bezbjednosn sigurnosn bezbedn bezbjedn sigurn sigurt bezbednosen
cyber: sajber kibernetick kibernetik kibernetsk kompjutersk kompjuter racunar racunarsk racunal racunaln kompjuterik
cyber: visokotehnolosk
information|cyber: informacion informacij informacijsk informacisk informatick informatik ikt
digital|electronic: digitaln digjital dixhital
electronic: elektronsk elektronick elektronik
electric: elektricn
energy: energetik energij energji energjetik energetsk elektroenergetsk
"""

_HEADS = """
security: bezbednost bezbjednost sigurnost siguri sigurij bezbednosc bezbjednosc sigurnosc
protection|security: zastit zastitn mbrojtj mbrojt
"""

_GENERIC = """
system: sistem sustav sistemsk
device: uredjaj uredaj ured pajisj
software: softver softuer softversk
attack: napad sulm
solution: resenj rjesenj resenij zgjidhj
tool: alat alatk mjet
platform: platform
group: grup
practice: praks praktik
standard: standard
framework: okvir korniz ramk
implementation: implementacij implementim implementir primen primjen zbatim
configuration: konfiguracij konfigur konfigurim konfigurisanj podesavanj
administration: administracij administrir administrim administriranj
model: model modelovanj modeliranj modelim
use: upotreb koriscenj koristenj perdorim
process: proces
skill: vestin vjestin aftesi
level: napredn osnovn avancuar bazik
knowledge: poznavanj iskust njohuri
raising: podiz podizanj podig podiganj ngritj
staff: punonjes zaposlen korisnik vraboten perdorues
interface: interfejs interfejsi nderfaqj
design: izrad kreiranj kreir projektovanj proektiranj hartim pravljenj dizajn dizajnir
organization: organizacij organizovanj organiziranj organizir
conduct: sprovodjenj sprovedb provodjenj provedb vrsenj obavljanj izvodjenj izvrsavanj realizacij koordinacij
conduct: sproveduvanj izvrsuvanj izveduvanj koordinir kryerj kryer
agent: agent
sensor: senzor sensor
tunnel: tunel
fight: borb luft suzbijanj suzbij
situation: situacij situat
computing: racunarstv racunalstv
infrastructure: infrastruktur
cluster: klaster
algorithm: algoritm
report: izvestavanj izvjestavanj raportim izvestaj izvjestaj raport izvestuvanj
suspicious: sumnjiv dyshim somnitel
data: podac podatak podatk podatoc podatok dhen
maintenance: odrzavanj mirembajtj odrzuvanj
installation: instalacij instalim instalir
event: dogadjaj dogadaj ngjarj nastan
challenge: sfid izazov sfidat predizvik
writing: pisanj shkrim pisuvanj
message: poruk mesazh porak
file: fajl datotek skedar
protocol: protokol
participation: ucesc pjesemarrj ucestv
field: oblast fush podrucj podracj
collection: prikupljanj prikupl mbledhj sobiranj
team: tim skuadr ekip
operations: operacij operacion operacii operacijsk
technology: tehnologij teknologji
compliance: usaglasenost usaglasen usaglasavanj uskladjenost uskladenost uskladjenosc uskladenosc uskladjivanj
compliance: uskladjiv uskladiv perputhshmeri usoglasenost usoglas sukladnost pajtueshmeri perputhj
regulation: uredb propis rregullor regulativ regulatorn regulator
directive: direktiv
query: upit
device: telefon
environment: okruzenj okolin sredin mjedis
fundamentals: osnov
principle: princip parim
concept: koncept
methodology: metodologij metodologji metod
task: zadac zadatak zadatk detyr
activity: aktivnost aktivnosc aktivitet
support: podrsk poddrsk mbeshtetj
role: ulog rol
"""

_ROLES = """
analyst>analysis: analiticar analiticark analist
tester>test: testues
pentester>pentest: pentester
hacker>hack: haker
auditor>audit: revizor auditor auditues
architect>architecture: arhitekt arkitekt
administrator>administration: administrator administrues
engineer>engineering: inzenjer inzinjer inzener inxhinier
trainer>training: trener trajner instruktor predavac obucuvac obucavac edukator
researcher>research: istrazivac istrazuvac studiues kerkues
investigator>investigation: istrazitelj hetues
developer>development: razvijac programer zhvillues
manager>management: menadzer menaxher
hunter>hunt: lovac
officer>: sluzbenik zyrtar lice oficer oficir poverenik povjerenik
expert>: strucnjak ekspert specijalist specialist konsultant tehnicar operater savetnik savjetnik keshilltar sovetnik
expert>: vestak vjestak
lead>: rukovodilac rakovoditel sef direktor koordinator lider vodj drejtues pergjegjes clan
analyst>analysis: analizues
trainer>training: trajnues
developer>development: programues
"""

_ALTERNATIVES = """
network|grid: mrez mrezn rrjet
operations|operational: operativn
research|investigation: hulumtim istrazivanj istraz kerkim
monitoring|tracking: pracenj
law|act: zakon
third|threat: tret
vendor|supply: dobavljac dobavuvac furnitor
"""

LEXICON: dict[str, Sense] = {
    "re": Sense("cloud"),  # sq "siguria në re": security in the cloud
    **_lexicon(_CONTENT),
    **_lexicon(_MODIFIERS, MODIFIER),
    **_lexicon(_HEADS, HEAD),
    **_lexicon(_GENERIC, GENERIC),
    **_lexicon(_ROLES, ROLE),
    **_lexicon(_ALTERNATIVES),
}

# Concepts that only ever make a compound ("sigurnosne kopije", backups): a typo is never read as one of them
# ("bezbednost kopanja", mining safety, is no backup).
COMPOUND_ONLY = frozenset({"copy", "reserve"})

# Several local words for one English concept ("zaštitni zid", "muri i zjarrit": firewall).
COMPOUNDS: dict[frozenset[str], str] = {
    frozenset({"fire", "wall"}): "firewall",
    frozenset({"protection", "wall"}): "firewall",
    frozenset({"malicious", "software"}): "malware",
    frozenset({"malicious", "programming"}): "malware",
    frozenset({"malicious", "code"}): "malware",
    frozenset({"end", "point"}): "endpoint",
    frozenset({"base", "data"}): "database",
    frozenset({"operations", "system"}): "os",
    frozenset({"tactic", "technique"}): "ttp",
    frozenset({"tactic", "technique", "procedure"}): "ttp",
    frozenset({"verification", "identity"}): "authentication",
    frozenset({"page", "internet"}): "web",
    frozenset({"web", "page"}): "web",
    frozenset({"without", "wire"}): "wireless",
    frozenset({"end", "device"}): "endpoint",
    frozenset({"wi", "fi"}): "wifi",
    frozenset({"wifi", "network"}): "wifi",
    frozenset({"wireless", "network"}): "wireless",
    frozenset({"curriculum", "plan"}): "curriculum",
    frozenset({"information", "communication"}): "information",  # ICT: "informaciono-komunikacioni sistemi"
    frozenset({"security", "copy"}): "backup",  # "sigurnosne kopije", "безбедносне копије"
    frozenset({"reserve", "copy"}): "backup",  # "rezervne kopije", "резервни копии", "kopje rezervë"
    frozenset({"protection", "malware"}): "antivirus",  # "zaštita od malvera/virusa"
    frozenset({"protection", "phishing"}): "anti+phishing",  # "zaštita od fišinga": anti-phishing
    frozenset({"open", "code"}): "open+source",  # "otvoreni kod": open source
}

# English alias words → concepts. Anything not listed is singularised ("attacks" → attack) and kept as it is.
_ENGLISH = """
security: security secure securing
forensics: forensics forensic
cyber: cyber computer
information: information info
network: network networks
management: management managed mgmt managing manage
analysis: analysis analyses analytics analyse analyze analyzing analysing
test: testing test tests
pentest: pentest pentesting pen-testing
hack: hacking hack
threat: threat threats
intelligence: intelligence intel
hunt: hunting hunt
vulnerability: vulnerability vulnerabilities vuln vulns
scan: scanning scan scans scanner scanners
policy: policy policies
strategy: strategy strategies
continuity: continuity
plan: planning plan plans
exercise: exercise exercises
competition: competition competitions
training: training trainings
awareness: awareness
research: research
investigation: investigation investigations investigating
development: development dev developing
programming: programming program
code: code coding
scripting: scripting script scripts
automation: automation automating
cryptography: cryptography crypto
encryption: encryption encrypting encrypt
certificate: certificate certificates
prevention: prevention preventing
control: control controls
system: system systems
industrial: industrial
device: device devices
application: application applications app apps
identity: identity identities
access: access
privileged: privileged privilege
account: account accounts
authentication: authentication
signature: signature signatures
service: service services
architecture: architecture architectures
harden: hardening harden
patch: patching patch patches
log: log logs logging
traffic: traffic
packet: packet packets
engineering: engineering
social: social
team: team teams teaming
exploit: exploit exploits exploitation
detection: detection detecting
operations: operations operation operating
center: center centre
monitoring: monitoring monitor
simulation: simulation simulations
campaign: campaign campaigns
map: mapping map
regulation: regulation regulations regulatory
compliance: compliance compliant
report: reporting report
crime: crime crimes
evidence: evidence
defense: defense defence
review: review reviews reviewing
supply: supply supplier suppliers
chain: chain
vendor: vendor vendors
dependency: dependency dependencies
classification: classification
memory: memory
model: model modeling modelling models
configuration: configuration configurations
administration: administration
rule: rule rules
orchestration: orchestration
attack: attack attacks
tool: tool tools tooling
platform: platform platforms
practice: practice practices
framework: framework frameworks
implementation: implementation implementing
group: group groups
solution: solution solutions
data: data
technology: technology technologies
directive: directive directives
response: response respond responding
incident: incident incidents
"""

_ENGLISH_ROLES = """
analyst>analysis: analyst analysts
tester>test: tester testers
pentester>pentest: pentester pentesters
hacker>hack: hacker hackers
auditor>audit: auditor auditors
architect>architecture: architect architects
administrator>administration: administrator administrators admin
engineer>engineering: engineer engineers
trainer>training: trainer trainers instructor instructors
researcher>research: researcher researchers
investigator>investigation: investigator investigators
developer>development: developer developers
manager>management: manager managers
hunter>hunt: hunter hunters
officer>: officer officers
expert>: expert specialist specialists consultant consultants
responder>response: responder responders
teamer>team: teamer teamers
"""

# Words that say how or where, not what: known, so they never block a phrase, and free to leave out.
_ENGLISH_HARMLESS = """
    methodology methodologies method methods technique techniques process processes lead leader support tasks
    activities work projects project capabilities concepts principles fundamentals queries query environment
    environments tooling setup deployment operations daily hands role roles duties responsibilities
    """.split()

_ENGLISH_GENERIC = {
    "attack", "tool", "platform", "practice", "framework", "implementation", "group", "solution", "system", "device",
    "configuration", "administration", "model", "software", "protection", "team", "operations", "regulation",
    "compliance", "technology", "directive", "data", "report", "infrastructure",
}  # fmt: skip

# One English word for two concepts (the alias "cybersecurity" is "cyber" + "security").
ENGLISH_COMPOUNDS: dict[str, tuple[str, ...]] = {
    "cybersecurity": ("cyber", "security"),
    "cybercrime": ("cyber", "crime"),
    "infosec": ("information", "security"),
    "netsec": ("network", "security"),
    "appsec": ("application", "security"),
    "sysadmin": ("system", "administration"),
}


def singular(word: str) -> str:
    """English plural to singular, for words the English table does not list."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us", "os")):
        return word[:-1]
    return word


def _english() -> dict[str, Sense]:
    table = _lexicon(_ENGLISH)
    table.update(_lexicon(_ENGLISH_ROLES, ROLE))
    for word, sense in list(table.items()):
        if sense.concept in _ENGLISH_GENERIC and sense.kind == CONTENT:
            table[word] = Sense(sense.concept, GENERIC)
    table["protection"] = Sense("protection", HEAD, alternative="security")
    table["password"] = Sense("password")
    table["passwords"] = Sense("password")
    for word in _ENGLISH_HARMLESS:
        table.setdefault(word, Sense(singular(word), GENERIC))
    for word in ("cyber", "computer"):
        table[word] = Sense("cyber", MODIFIER)
    for word in ("digital", "electronic", "energy"):
        table[word] = Sense(word, MODIFIER)
    for word in ("information", "info", "it", "ict"):  # information security is cybersecurity, at a cost of 1
        table[word] = Sense("information", MODIFIER, alternative="cyber")
    return table


ENGLISH: dict[str, Sense] = _english()
# Harmless only in English text: a local word that sounds like one ("projekat") stays unknown, so it still blocks.
HARMLESS = frozenset(_ENGLISH_HARMLESS) | frozenset(singular(w) for w in _ENGLISH_HARMLESS)


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The word and the word less each ending it has, longest stem first (at least three letters left), so
    "fushata" (campaigns) is "fushat" before it is "fush" (field)."""
    found = [
        word[: -len(ending)]
        for ending in reversed(ENDINGS)
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM
    ]
    if len(word) > 4 and word.endswith(("en", "an")):  # fleeting vowel: bezbeden/bezbedan → bezbedn-
        found.append(word[:-2] + "n")
    return (word, *found)


_ALTERNATION = {"c": "k", "z": "g", "s": "h"}  # rizici → rizik, dijalozi → dijalog, sq/sr sibilarisation
# A woman's role noun from a man's: analitičarka, inženjerka, istraživačica, stručnjakinja (sr/mk); the suffix is
# only read off when what is left is a role noun.
_FEMININE = ("kinj", "inj", "ic", "k")


# Serbian ћ/ђ and Macedonian ќ/ѓ sit on the same keys and stand for kindred sounds; typed on the other language's
# keyboard, "праћење" becomes "праќење" and "уређај" "уреѓај" (and the other way round): try the other spelling.
_SR_FOR_MK = (("kj", "c"), ("gj", "dj"))
_MK_FOR_SR = (("dj", "gj"),)


# Ijekavian (bs, cnr, hr, western sr) writes "je"/"ije" where ekavian writes "e": "prijetnja"/"pretnja",
# "sprječavanje"/"sprečavanje", "bezbjednost"/"bezbednost". A word the lexicon lacks is tried in its ekavian form;
# "nje" and "lje" are the letters њ and љ followed by e, not the reflex, so they stay.
_IJEKAVIAN = re.compile(r"(?<=[bcfghkmprstvz])i?je")  # not after d: "dj" is đ ("uređenje")
# An ekavian reading must reach a stem this long: "tijelo" is no "telo" → "tel" (wire), "tijesto" no test.
IJEKAVIAN_MIN_STEM = 5


def local_sense(word: str) -> Sense | None:
    """The lexicon sense of a folded local word, through its inflections (``None`` if the lexicon lacks it)."""
    found = _local_sense(word)
    if found is None:
        for swaps in (_SR_FOR_MK, _MK_FOR_SR):
            other = word
            for letters, instead in swaps:
                other = other.replace(letters, instead)
            if other != word and (found := _local_sense(other)) is not None:
                break
    if found is None and "je" in word:
        ekavian = _IJEKAVIAN.sub("e", word)
        if ekavian != word:
            found = _local_sense(ekavian, IJEKAVIAN_MIN_STEM)
    return found


def _local_sense(word: str, min_stem: int = MIN_STEM) -> Sense | None:
    for stem in stems(word):
        if min_stem > MIN_STEM and len(stem) < min_stem:
            continue
        sense = LEXICON.get(stem)
        if sense is None and stem[-1] in _ALTERNATION:
            sense = LEXICON.get(stem[:-1] + _ALTERNATION[stem[-1]])
        if sense is None and stem.endswith("n") and len(stem) > 5:  # adjective of a noun: kontroln- → kontrol-
            sense = LEXICON.get(stem[:-1])
        if sense is None and stem.endswith("osc"):  # instrumental -ošću: ranjivošću → ranjivost
            sense = LEXICON.get(stem[:-1] + "t")
        if sense is None and (stem.endswith("ci") or word.endswith("ii")):  # mk -ии of -ија: информации, копии
            sense = LEXICON.get(stem + "j")
        if sense is not None:
            return sense
    for stem in stems(word)[1:]:
        for suffix in _FEMININE:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM + 2:
                sense = LEXICON.get(stem[: -len(suffix)])
                if sense is not None and sense.kind == ROLE:
                    return sense
    return None
