"""The public search on the demo policy with 50,000 published comments, on two backends side
by side over the same data: our Whoosh backend (search_index.backend) and modelsearch's SQLite
FTS5 database backend. Prints, for each: full rebuild time (and the comments' share), index size
on disk, and the latency of 200 varied queries, raw (first 10 comments + count) and through the
public search page's logic (PublicSearch(...).run()); then result counts for sample queries and
a profile of Whoosh's slowest searches.

The comments are written in bulk, table by table (no signals: no feedback items, no index
updates); their texts come from a seeded vocabulary of about 2,000 words and phrases. SQLite
FTS5 searches of this many comments can take minutes each (the score subquery and the MATCH
run once per index entry), so SQL still running QUERY_CAP_S into a query is interrupted and
the query counts as taking at least that long. About 15 minutes. Run on demand:

    .venv/bin/python -m pytest tests/benchmarks/bench_search.py -s -p no:cacheprovider
"""

import cProfile
import datetime
import io
import math
import pstats
import random
import re
import statistics
import time
from collections import Counter
from functools import partial
from itertools import accumulate
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment
from modelsearch.conf import get_app_config
from modelsearch.utils import parse_query_string
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from consultation.enums import AgeGroup, Gender, PublicIdentity, Stance
from consultation.models import FeedbackItem, SectionComment, Sector
from consultation.public_search import PublicSearch
from policy_docs.models import DraftPage, DraftSection
from policy_docs.sections import body_plain_text

COMMENTS = 50_000
QUERIES = 200
SEED = 20_250_901
# Comments per draft of the demo policy (the adopted policy takes none); the public search
# looks in the open draft and the adopted policy only.
DRAFT_SHARES = {"draft-1": 0.2, "draft-2": 0.3, "draft-3": 0.5}
SAMPLE_QUERIES = ["remittances", "dual citizenship", '"consular services"', "youth land", "pension"]
TARGET_REBUILD_S = 120
TARGET_P95_RATIO = 2.0
# SQL still running this long into a query is interrupted (SQLite FTS5 queries can take minutes
# here, see the module docstring); the query then counts as taking at least this long.
QUERY_CAP_S = 1.0

# The vocabulary of the comments, most frequent first in each list (the picks follow a
# Zipf-like law), plus adjective-noun phrases made from these lists at run time.
TOPICS = """
remittances citizenship investment passports skills land pensions return consulates embassies
documents fees banks data jobs employment housing business education training youth women
health taxes transfers savings information services government policy directorate ministry
qualifications scholarships insurance permits visas identity registration elections voting
forum coordination parliament constitution amendment law regulations guidance website portal
applications forms offices missions staff officials budget funding donors partners research
survey census statistics evidence monitoring evaluation indicators targets timelines reporting
accountability transparency corruption delays queues costs prices exchange agents
intermediaries bonds funds loans credit mortgages property inheritance deeds leases villages
districts towns councils chiefs communities churches associations unions cooperatives networks
mentors volunteers experts professionals graduates apprenticeships internships certificates
licences recognition accreditation languages culture music festivals history heritage tourism
memory belonging children elders parents spouses widows orphans caregivers disability inclusion
gender equality violence protection trafficking exploitation contracts wages salaries
employers recruitment agencies mines factories farms agriculture livestock wool mohair water
energy electricity roads transport buses taxis airports flights roaming airtime internet phones
smartphones apps accounts wallets cards cash couriers parcels shipments goods imports exports
markets shops traders entrepreneurs startups companies shares dividends returns risks
guarantees safeguards complaints appeals courts lawyers notaries affidavits fingerprints
photographs appointments deadlines backlog capacity digitisation records archives
registers births marriages deaths burials funerals repatriation hospitals clinics doctors
nurses medicines treatment tuberculosis hiv vaccination schools universities teachers
lecturers curricula exams fees bursaries loans hostels sport athletes artists writers media
radio newspapers television social facebook whatsapp youtube outreach awareness campaigns
meetings consultations workshops webinars hearings petitions signatures representatives
ambassadors attaches envoys liaison desks hotlines helplines emails letters responses
feedback drafts chapters sections paragraphs wording definitions objectives principles vision
mandate resources personnel equipment vehicles premises rent utilities security police
immigration customs border posts checkpoints ports permits quotas asylum refugees
statelessness naturalisation renunciation restoration certificates ceremonies oaths
allegiance loyalty trust dialogue partnership solidarity reconciliation development growth
poverty unemployment inequality inflation debt remittance diaspora migrants returnees
"""
GROUPS = """
women; young people; students abroad; returnees; retired mineworkers; domestic workers;
nurses in the United Kingdom; teachers; farmers; traders; entrepreneurs; diaspora
associations; migrant workers; families at home; elderly parents; orphans; widows; people with
disabilities; unemployed graduates; artists; professionals; doctors abroad; engineers; church
groups; village councils; chiefs; community leaders; taxi drivers; factory workers; herders;
seasonal workers; undocumented migrants; spouses of migrants; children of migrants; second
generation Basotho; investors; small businesses; cooperatives; savings groups; burial
societies; trade unions; employers; recruitment agencies; banks; mobile money providers;
civil society; researchers; journalists; local councillors; members of parliament;
ambassadors; consular staff; the Diaspora Directorate; the Ministry of Foreign Affairs; the
Ministry of Home Affairs; the Ministry of Labour; the Ministry of Finance; the Central Bank;
the Revenue Authority; the LNDC; development partners; the IOM; universities; youth
organisations; women's groups; former students; pensioners; mineworkers' widows
"""
PLACES = """
Maseru; Leribe; Berea; Mafeteng; Mohale's Hoek; Quthing; Qacha's Nek; Mokhotlong; Thaba-Tseka;
Butha-Buthe; Teyateyaneng; Hlotse; Roma; Morija; Semonkong; Johannesburg; Pretoria;
Bloemfontein; Cape Town; Durban; Welkom; Rustenburg; Ficksburg; Ladybrand; Gauteng; the Free
State; the North West; Soweto; Thabong; Botshabelo; London; Manchester; Leeds; Birmingham;
Luton; Reading; Glasgow; New York; Atlanta; Houston; Washington; Boston; Toronto; Gaborone;
Windhoek; Mbabane; Harare; Dubai; Sydney; Dublin; Brussels; rural areas; the highlands; the
lowlands; the border posts; Maseru Bridge; the mines; the townships; the farms of the Free
State; the villages; the district offices; the embassy in Pretoria; the high commission in
London; the consulate in Johannesburg; the consulate in Welkom
"""
VERBS = """
reduce simplify recognise protect guarantee extend publish fund support improve create
establish strengthen review remove lower abolish introduce expand promote encourage consult
involve include explain clarify digitise decentralise train hire open close merge replace
monitor evaluate report measure count register verify certify accredit subsidise waive
harmonise align coordinate prioritise budget finance insure compensate refund pay collect
invest save borrow lend transfer send receive deliver process approve issue renew replace
translate advertise communicate listen respond answer resolve investigate enforce regulate
license inspect audit restrict allow permit facilitate accelerate shorten delay postpone
phase pilot test scale adopt amend repeal define protect respect uphold honour remember
celebrate welcome invite mobilise organise represent defend advise mentor coach teach learn
study research document map survey count track share publish disclose consult negotiate
sign ratify implement deliver sustain
"""
ADJECTIVES = """
affordable dual digital transparent clear simple cheaper faster safer fair equal online
practical realistic urgent important serious difficult expensive slow complicated confusing
accessible reliable secure formal informal national local regional international rural urban
public private independent accountable responsive timely regular annual quarterly monthly
free compulsory voluntary optional special separate single joint shared common clear
specific detailed general vague ambitious modest costly unfair unequal inclusive exclusive
gender-sensitive youth-friendly disability-friendly multilingual bilingual mobile cross-border
long-term short-term temporary permanent seasonal returning retired skilled unskilled
qualified unqualified young elderly vulnerable poor wealthy small large medium sustainable
innovative traditional modern cultural historical legal illegal constitutional administrative
financial economic social political technical professional academic medical educational
agricultural industrial commercial residential customary statutory mandatory predictable
proportionate adequate insufficient excessive hidden visible missing accurate outdated current
previous future proposed existing new old basic essential minimum maximum average
"""
ADVERBS = """
urgently clearly quickly carefully fully properly regularly openly fairly consistently
immediately gradually jointly independently seriously honestly realistically
"""
PHRASES = """
dual citizenship; consular services; mobile money; diaspora bond; skills transfer; return and
reintegration; land ownership; pension portability; social security; transfer costs;
exchange rates; informal channels; cash across the border; identity documents; passport
renewal; birth certificates; national identity card; online applications; visits in person;
waiting times; service charter; complaints procedure; diaspora engagement forum; diaspora
directorate; coordination across government; implementation plan; monitoring and evaluation;
data on the diaspora; diaspora mapping; skills database; recognition of qualifications;
professional registration; brain drain; brain gain; circular migration; labour migration;
bilateral labour agreements; mineworkers' compensation; unclaimed benefits; provident fund;
funeral insurance; medical aid; health workers; teacher shortages; school fees; student
loans; remittance prices; sending money home; financial literacy; investment promotion;
single point of information; investment funds; business registration; tax incentives; double
taxation; customs duties on returning goods; vehicle import duty; land allocation; title deeds
for women; inheritance rights; customary law; women's land rights; gender-based violence;
domestic workers' rights; youth employment; youth entrepreneurship; diaspora volunteers;
knowledge exchange; mentoring programmes; virtual consultations; voting from abroad;
representation in parliament; diaspora seats; heritage tourism; cultural festivals; Sesotho
language classes; second generation; children born abroad; citizenship by descent;
renunciation of citizenship; restoration of citizenship; reacquisition of citizenship;
statelessness risk; undocumented migrants; special permits; Lesotho Special Permit;
immigration status; deportation; repatriation of remains; consular protection; emergency
travel documents; consular fees; embassy opening hours; mobile consular services; outreach
visits; diaspora associations; community leaders; trusted intermediaries; fraud and scams;
trust in government; political will; budget allocation; donor funding; technical working
group; validation workshops; public hearings; written submissions; feedback from the
consultation; plain language; translation into Sesotho; accessible formats; people with
disabilities; elderly parents; orphans and vulnerable children; household income; food
security; rural development; agricultural investment; wool and mohair; small businesses;
access to credit; collateral requirements; mortgage finance; housing schemes; serviced
plots; water and electricity; roads to the villages; airport connections; cross-border
transport; border post delays; Maseru Bridge queues; roaming charges; data costs; internet
access; digital identity; e-government services; online portal; call centre; helpline for
migrants; labour attaches; recruitment fees; exploitation by employers; human trafficking;
legal aid abroad; death benefits; burial societies; stokvels; savings groups; cooperative
banks; microfinance; bank accounts for migrants; know your customer rules; proof of address;
asylum seekers; climate change; drought relief; disaster response; national development
plan; sustainable development goals; SDG target 10.c; World Bank data; census data;
household survey; diaspora survey; evidence base; baseline study; performance indicators;
annual report; mid-term review; independent evaluation; accountability to the diaspora
"""
# Words of the comments' tail: each is in a few dozen comments at most.
RARE = """
apostille escheat actuarial usufruct notarisation biometrics cadastre sublease hawala
forex microcredit annuities gratuity arrears codicil probate intestate guardianship
conveyancing surveyor beacons kraal initiation lekgotla pitso morabaraba famo mokorotlo
seanamarena basotho-hat lesiba thabure sorghum papa moroho sesotho-speaking hlonepha
bohali lobola matsema letsema makoti motebo diketo mokhibo litolobonya tsoelopele
khotso pula nala mohlakola letlotlo mabitso ntlafatso tshireletso thuto bophelo
"""


def _words(text: str) -> list[str]:
    return list(dict.fromkeys(text.split()))


def _items(text: str) -> list[str]:
    return list(dict.fromkeys(" ".join(item.split()) for item in text.split(";") if item.strip()))


class Vocabulary:
    """What comments are written with: lists of words and phrases with Zipf-like weights."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._cumulative: dict[int, list[float]] = {}
        self.topics = _words(TOPICS)
        self.groups = _items(GROUPS)
        self.places = _items(PLACES)
        self.verbs = _words(VERBS)
        self.adjectives = _words(ADJECTIVES)
        self.adverbs = _words(ADVERBS)
        self.phrases = _items(PHRASES)
        self.rare = _words(RARE)
        pairs = set()
        while len(pairs) < 1100:
            pairs.add(f"{self.pick(self.adjectives)} {self.pick(self.topics)}")
        self.pairs = sorted(pairs)
        rng.shuffle(self.pairs)

    @property
    def entries(self) -> set[str]:
        lists = [self.topics, self.groups, self.places, self.verbs, self.adjectives]
        lists += [self.adverbs, self.phrases, self.rare, self.pairs]
        return {entry for entry_list in lists for entry in entry_list}

    def pick(self, items: list[str]) -> str:
        cumulative = self._cumulative.get(id(items))
        if cumulative is None:
            cumulative = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(items))))
            self._cumulative[id(items)] = cumulative
        return self.rng.choices(items, cum_weights=cumulative)[0]

    def noun_phrase(self) -> str:
        roll = self.rng.random()
        if roll < 0.3:
            return self.pick(self.topics)
        if roll < 0.5:
            return f"{self.pick(self.adjectives)} {self.pick(self.topics)}"
        if roll < 0.7:
            return self.pick(self.phrases)
        if roll < 0.85:
            return self.pick(self.pairs)
        return f"the {self.pick(self.topics)} of {self.pick(self.groups)}"

    def sentence(self) -> str:
        rng, np_, group = self.rng, self.noun_phrase, lambda: self.pick(self.groups)
        verb, place, adverb = (
            lambda: self.pick(self.verbs),
            lambda: self.pick(self.places),
            lambda: self.pick(self.adverbs),
        )
        modal = rng.choice(["should", "must", "could", "cannot", "need to", "will"])
        templates = [
            lambda: f"{group()} {modal} {verb()} {np_()} in {place()}.",
            lambda: f"The section on {np_()} should {verb()} {np_()} for {group()}.",
            lambda: (
                f"We {rng.choice(['support', 'welcome', 'question', 'oppose'])} the "
                f"proposal to {verb()} {np_()}, but {np_()} {modal} come first."
            ),
            lambda: f"{adverb()}, the government {modal} {verb()} {np_()} and {np_()}.",
            lambda: f"In {place()}, {group()} still wait for {np_()}.",
            lambda: f"Please {verb()} {np_()} before you {verb()} {np_()}.",
            lambda: f"Without {np_()}, {group()} in {place()} cannot {verb()} {np_()}.",
            lambda: f"{np_()} is the main problem for {group()} living in {place()}.",
            lambda: f"Our association asks the Directorate to {verb()} {np_()} {adverb()}.",
            lambda: f"It is {self.pick(self.adjectives)} that {np_()} costs so much.",
            lambda: (
                f"My {rng.choice(['sister', 'brother', 'mother', 'uncle', 'friend'])} in "
                f"{place()} waited months for {np_()}."
            ),
            lambda: f"Add a clear timeline for {np_()} and report on {np_()} every year.",
        ]
        text = rng.choice(templates)()
        if rng.random() < 0.005:
            text = text[:-1] + f", including {self.rng.choice(self.rare)}."
        return text[0].upper() + text[1:]

    def comment(self) -> str:
        target = self.rng.randint(20, 80)
        words: list[str] = []
        while len(words) < target:
            words += self.sentence().split()
        return " ".join(words[:target]).rstrip(",.;") + "."


# Data


def _load_demo() -> list[DraftPage]:
    call_command("seed_demo", stdout=io.StringIO())
    return list(DraftPage.objects.live().order_by("path"))


def _comments_in_bulk(drafts, count: int, vocabulary: Vocabulary) -> list[str]:
    """``count`` published top-level comments, spread over the drafts' sections, written one
    table of the inheritance chain at a time (Comment, XtdComment, SectionComment) with
    explicit primary keys: real rows, but no signals (no feedback items, no index updates)."""
    rng = vocabulary.rng
    now = timezone.now()
    by_slug = {draft.slug: draft for draft in drafts}
    targets = []  # (section, start, span in seconds, weight)
    for slug, share in DRAFT_SHARES.items():
        draft = by_slug[slug]
        sections = list(draft.sections.all())
        start, end = draft.opens_at, min(draft.closes_at or now, now)
        busy = [rng.choice([1, 1, 1, 2, 4]) for _ in sections]
        for section, weight in zip(sections, busy, strict=True):
            targets.append(
                (section, start, (end - start).total_seconds(), share * weight / sum(busy))
            )
    cumulative, running = [], 0.0
    for target in targets:
        running += target[3]
        cumulative.append(running)
    content_type = ContentType.objects.get_for_model(DraftSection)
    site = Site.objects.get_current()
    sectors = list(Sector.objects.values_list("pk", flat=True))
    countries = ["ZA"] * 6 + ["LS"] * 2 + ["GB", "US", "BW", "NA", "IE", "AU", "CA"]
    genders, ages = list(Gender.values), list(AgeGroup.values)
    first_pk = (Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    texts, objects = [], []
    for n in range(count):
        pk = first_pk + n
        section, start, span, _weight = rng.choices(targets, cum_weights=cumulative)[0]
        text = vocabulary.comment()
        texts.append(text)
        proposed = vocabulary.sentence() if rng.random() < 0.1 else ""
        objects.append(
            SectionComment(
                id=pk,
                comment_ptr_id=pk,
                xtdcomment_ptr_id=pk,
                content_type_id=content_type.pk,
                object_pk=str(section.pk),
                site_id=site.pk,
                user_name=f"Bench commenter {n}",
                user_email=f"bench{n}@example.org",
                comment=text,
                submit_date=start + datetime.timedelta(seconds=rng.uniform(0, span)),
                is_public=True,
                is_removed=False,
                thread_id=pk,
                parent_id=pk,
                level=0,
                order=1,
                nested_count=0,
                section_id=section.pk,
                stance=rng.choice([*Stance.values, "", ""]),
                proposed_wording=proposed,
                gender=rng.choice(genders),
                sector_id=rng.choice(sectors),
                country=rng.choice(countries),
                age_group=rng.choice(ages),
                public_identity=rng.choice([PublicIdentity.NAMED] * 3 + [PublicIdentity.ANONYMOUS]),
            )
        )
    for model in (Comment, XtdComment, SectionComment):
        fields = model._meta.local_concrete_fields
        batch = connection.ops.bulk_batch_size(fields, objects)
        for position in range(0, len(objects), batch):
            model._base_manager._insert(objects[position : position + batch], fields=fields)
    return texts


# Measuring


class _TimedOutput(io.StringIO):
    """update_index's stdout, recording when each line was written."""

    def __init__(self):
        super().__init__()
        self.marks = []

    def write(self, text):
        self.marks.append((time.perf_counter(), text))
        return super().write(text)


def _rebuild(backend_name: str) -> tuple[float, list[dict]]:
    """Seconds of `update_index` for one backend, and per index: its seconds, objects, the
    seconds of each model (reading and indexing its objects) and of the final commit."""
    output = _TimedOutput()
    start = time.perf_counter()
    call_command("update_index", backend_name=backend_name, stdout=output)
    total = time.perf_counter() - start
    indexes, model = [], None
    for moment, text in output.marks:
        if "Rebuilding index" in text:
            name = text.split("Rebuilding index", 1)[1].strip()
            name = re.sub(r"^<WhooshIndex (\S+) in .*", r"\1", name)
            name = re.sub(r"^<.*\.(\w+) object .*", r"\1 (every model)", name)
            indexes.append({"name": name, "start": moment, "models": {}, "last": moment})
        elif found := re.search(r"indexed (\d+) objects", text):
            indexes[-1]["objects"] = int(found.group(1))
            indexes[-1]["seconds"] = moment - indexes[-1]["start"]
            indexes[-1]["commit"] = moment - indexes[-1]["last"]
        elif text.startswith(f"{backend_name}: "):
            model = text.split(": ", 1)[1].strip()
            indexes[-1]["models"][model] = [moment, moment]
        elif text == "." and model:
            indexes[-1]["models"][model][1] = indexes[-1]["last"] = moment
    for index in indexes:
        index["models"] = {name: end - begin for name, (begin, end) in index["models"].items()}
    return total, indexes


def _print_rebuild(backend_name: str, total: float, indexes: list[dict]) -> None:
    print(f"    {backend_name:<7} whole site {total:7.1f} s")
    for index in indexes:
        if not index["objects"]:
            continue
        models = ", ".join(
            f"{name} {seconds:.1f} s" for name, seconds in index["models"].items() if seconds
        )
        print(
            f"      index {index['name']}: {index['objects']:,} objects {index['seconds']:.1f} s "
            f"(models: {models or '-'}; commit/finish {index['commit']:.1f} s)"
        )


def _whoosh_size(path: Path) -> dict[str, int]:
    sizes = Counter()
    for file in path.iterdir():
        sizes["total"] += file.stat().st_size
        if "django_comments_comment" in file.name:
            sizes["comments index"] += file.stat().st_size
    return sizes


def _sqlite_size() -> dict[str, int]:
    """Bytes of the pages (dbstat) of each table and b-tree index of modelsearch's index: the
    entries table and the FTS5 virtual table's shadow tables."""
    table = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.name, SUM(s.pgsize) FROM dbstat s JOIN sqlite_master m ON m.name = s.name "
            "WHERE m.tbl_name LIKE %s GROUP BY s.name ORDER BY 2 DESC",
            [table + "%"],
        )
        return dict(cursor.fetchall())


def _raw_search(backend, query: str):
    """What a results page of comments asks: the first 10 and how many there are."""
    parsed = parse_query_string(query, operator="and")[1]
    results = backend.search(parsed, SectionComment.objects.published(), operator="and")
    return list(results[:10]), results.count()


def _raw_count(backend, query: str) -> int:
    parsed = parse_query_string(query, operator="and")[1]
    return backend.search(parsed, SectionComment.objects.published(), operator="and").count()


def _public_search(query: str):
    return PublicSearch(query).run()


def _page_totals(query: str) -> str:
    """The totals PublicSearch.run() shows for both groups, without the rest of the page."""
    search = PublicSearch(query)
    counts = [
        search._results(queryset).count() for queryset in (search.sections(), search.comments())
    ]
    return "+".join(str(count) for count in counts)


class Timing:
    """Latencies of one backend on one code path, in ms, in the order of the queries; a
    query whose SQL ran past the cap was interrupted there and counts as at least the cap."""

    def __init__(self, queries, latencies, capped, errors, results=None):
        self.queries, self.latencies, self.capped, self.errors = queries, latencies, capped, errors
        self.results = results or {}

    def of(self, queries) -> "Timing":
        wanted = set(queries)
        pairs = [(q, ms) for q, ms in zip(self.queries, self.latencies, strict=True) if q in wanted]
        return Timing(
            [q for q, _ms in pairs],
            [ms for _q, ms in pairs],
            [q for q in self.capped if q in wanted],
            self.errors,
        )

    def percentiles(self) -> list[tuple[float, bool]]:
        """(value, whether it is only a lower bound) for p50, p95 and max."""
        ordered = sorted(self.latencies)
        count, capped = len(ordered), len(self.capped)
        ranks = [(count - 1) // 2, min(count - 1, math.ceil(0.95 * count) - 1), count - 1]
        return [(ordered[rank], capped and rank >= count - capped) for rank in ranks]

    def cells(self, which=(0, 1, 2)) -> list[str]:
        values = self.percentiles()
        return [f"{'>=' if values[n][1] else ''}{values[n][0]:.0f}" for n in which]


def _past(deadline: float) -> bool:
    return time.perf_counter() > deadline


def _timed(function, queries, cap_seconds: float) -> Timing:
    """Run ``function(query)`` for each query; SQL still running ``cap_seconds`` after the
    query started is interrupted (SQLite progress handler), which only a SELECT can meet here."""
    connection.ensure_connection()
    database = connection.connection
    latencies, capped, errors, results = [], [], [], {}
    for query in queries:
        deadline = time.perf_counter() + cap_seconds
        database.set_progress_handler(partial(_past, deadline), 20_000)
        start = time.perf_counter()
        try:
            results[query] = function(query)
        except OperationalError as error:
            if "interrupted" not in str(error):
                raise
            capped.append(query)
        except Exception as error:  # a query one backend cannot take is a finding, not a stop
            errors.append(f"{query!r}: {error.__class__.__name__}: {str(error)[:80]}")
        finally:
            latencies.append((time.perf_counter() - start) * 1000)
            database.set_progress_handler(None, 0)
    return Timing(list(queries), latencies, capped, errors, results)


def _misspelt(word: str, rng: random.Random) -> str:
    """``word`` with one typing slip: a letter dropped, doubled or swapped with the next."""
    while True:
        position = rng.randrange(1, len(word) - 2)
        edit = rng.choice(["drop", "swap", "double"])
        if edit == "drop":
            slip = word[:position] + word[position + 1 :]
        elif edit == "swap":
            slip = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
        else:
            slip = word[:position] + word[position] + word[position:]
        if slip != word:
            return slip


def _queries(vocabulary: Vocabulary, texts: list[str], drafts) -> dict[str, list[str]]:
    """200 distinct queries in kinds: common, mid-frequency and rare words (by their document
    frequency in the comments), two or three words, quoted phrases, misspellings and words
    and headings from the policy text."""
    rng = random.Random(SEED + 1)  # noqa: S311 - benchmark data, not security
    frequency = Counter()
    for text in texts:
        frequency.update({word.lower() for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text)})
    stop = {"the", "and", "for", "of", "in", "to", "is", "it", "we", "but", "that", "our", "on"}
    words = sorted(word for word in frequency if word not in stop and len(word) > 3)
    by_frequency = sorted(words, key=lambda word: (-frequency[word], word))
    common = by_frequency[:60]
    middle = [word for word in words if 200 <= frequency[word] <= 3000]
    used: set[str] = set()

    def distinct(candidates, count):
        chosen = [query for query in dict.fromkeys(candidates) if query not in used][:count]
        used.update(chosen)
        return chosen

    kinds = {
        "common word": distinct(rng.sample(common, 40), 30),
        "mid word": distinct(rng.sample(middle, 40), 25),
        "rare word": distinct(by_frequency[::-1], 25),
    }
    pairs = []
    for _ in range(100):
        lists = [vocabulary.topics, vocabulary.verbs, vocabulary.adjectives, vocabulary.groups]
        pairs.append(
            " ".join(vocabulary.pick(rng.choice(lists)) for _ in range(rng.choice([2, 3])))
        )
    kinds["2-3 words"] = distinct(pairs, 40)
    phrases = rng.sample(vocabulary.phrases, 30) + rng.sample(vocabulary.pairs, 15)
    kinds["quoted phrase"] = distinct([f'"{phrase}"' for phrase in phrases], 30)
    long_words = [word for word in common if len(word) >= 6]
    kinds["misspelling"] = distinct([_misspelt(word, rng) for word in long_words], 20)
    sections = list(DraftSection.objects.filter(page__in=drafts))
    policy_text = " ".join(f"{s.heading} {body_plain_text(s.body)}" for s in sections)
    policy_words = sorted(
        {word for word in re.findall(r"[A-Za-z]{7,}", policy_text) if word.lower() not in stop}
    )
    headings = sorted({section.heading for section in sections})
    count = QUERIES - sum(len(queries) for queries in kinds.values())
    kinds["policy text"] = distinct(rng.sample(headings, count // 2), count // 2)
    kinds["policy text"] += distinct(rng.sample(policy_words, count), count - count // 2)
    return kinds


def _profile_lines(profile, order: str, count: int) -> list[str]:
    output = io.StringIO()
    pstats.Stats(profile, stream=output).sort_stats(order).print_stats(count)
    lines = output.getvalue().splitlines()
    start = next(n for n, line in enumerate(lines) if "ncalls" in line)
    return [
        re.sub(r"\S*/site-packages/|" + re.escape(str(Path.cwd())) + "/", "", line)[:130]
        for line in lines[start : start + count + 1]
    ]


def _profile(function, queries, label: str) -> None:
    profile = cProfile.Profile()
    profile.enable()
    for query in queries:
        function(query)
    profile.disable()
    print(f"\n  cProfile of {label} ({', '.join(map(repr, queries))}), by cumulative time:")
    for line in _profile_lines(profile, "cumulative", 30):
        print("    " + line)
    print("  ... by own time:")
    for line in _profile_lines(profile, "tottime", 12):
        print("    " + line)


def test_search_backends_with_50000_comments(db, settings, tmp_path, search_index_folder):
    started = time.perf_counter()
    rng = random.Random(SEED)  # noqa: S311 - benchmark data, not security
    vocabulary = Vocabulary(rng)

    # Data, with the test's default (Whoosh) configuration from the autouse fixture.
    start = time.perf_counter()
    drafts = _load_demo()
    demo_seconds = time.perf_counter() - start
    start = time.perf_counter()
    texts = _comments_in_bulk(drafts, COMMENTS, vocabulary)
    comments_seconds = time.perf_counter() - start
    published = SectionComment.objects.published().count()
    assert published >= COMMENTS
    lengths = [len(text.split()) for text in texts]

    whoosh_path = tmp_path / "whoosh"
    whoosh = {"BACKEND": "search_index.backend", "PATH": whoosh_path}
    sqlite = {"BACKEND": "wagtail.search.backends.database"}
    settings.WAGTAILSEARCH_BACKENDS = {"default": whoosh, "whoosh": whoosh, "sqlite": sqlite}
    backends = {"whoosh": get_search_backend("whoosh"), "sqlite": get_search_backend("sqlite")}

    print(f"\nSearch backends, demo policy + {COMMENTS:,} comments, {connection.vendor}:")
    for name, backend in backends.items():
        print(f"  {name}: get_search_backend({name!r}) is {type(backend).__module__}.", end="")
        print(type(backend).__name__)
    print(
        f"  data: seed_demo {demo_seconds:.1f} s; {COMMENTS:,} comments written in bulk "
        f"{comments_seconds:.1f} s (not in the figures)"
    )
    print(
        f"        {published:,} published comments on {len(DRAFT_SHARES)} drafts, "
        f"{min(lengths)}-{max(lengths)} words (mean {statistics.mean(lengths):.0f}), "
        f"vocabulary {len(vocabulary.entries):,} words and phrases"
    )
    print(
        f"        indexed: {DraftSection.objects.published().count()} published sections, "
        f"{Page.objects.count()} pages, {FeedbackItem.objects.count()} feedback items (those "
        "of the demo comments; the bulk comments have none: no signals)"
    )

    # 1. Full rebuilds, each from an empty index, and 2. the size of what they wrote.
    rebuilds, sizes = {}, {}
    for name, backend in backends.items():
        backend.reset_indexes()
        rebuilds[name] = _rebuild(name)
    sizes["whoosh"] = _whoosh_size(whoosh_path)
    sizes["sqlite"] = _sqlite_size()
    print("\n  1. Full rebuild (update_index, from an empty index):")
    for name, (total, indexes) in rebuilds.items():
        _print_rebuild(name, total, indexes)
    comment_seconds = {
        name: (
            next(i["seconds"] for i in indexes if "comment" in i["name"])
            if name == "whoosh"
            else next(i["models"]["consultation.SectionComment"] for i in indexes)
        )
        for name, (_total, indexes) in rebuilds.items()
    }
    print(
        f"    {COMMENTS:,} comments: Whoosh {comment_seconds['whoosh']:.1f} s (its comment index, "
        f"commit included), SQLite FTS5 {comment_seconds['sqlite']:.1f} s (reading and "
        f"indexing the comments); target for Whoosh < {TARGET_REBUILD_S} s: "
        f"{'met' if comment_seconds['whoosh'] < TARGET_REBUILD_S else 'MISSED'}"
    )

    print("\n  2. Index size on disk:")
    whoosh_size, sqlite_size = sizes["whoosh"], sizes["sqlite"]
    text_size = sum(len(text.encode()) for text in texts)
    print(
        f"    whoosh  {whoosh_size['total'] / 2**20:7.2f} MB ({whoosh_size['total']:,} bytes: "
        f"files in PATH; comment index {whoosh_size['comments index'] / 2**20:.2f} MB)"
    )
    total = sum(sqlite_size.values())
    print(
        f"    sqlite  {total / 2**20:7.2f} MB ({total:,} bytes: dbstat pages of the index's "
        "tables and b-trees, in the test database)"
    )
    for name, size in sqlite_size.items():
        if size >= 2**16:
            print(f"              {name:<60} {size / 2**20:7.2f} MB")
    print(f"    for scale: the {COMMENTS:,} comment texts are {text_size / 2**20:.2f} MB")

    # 3. Queries.
    kinds = _queries(vocabulary, texts, drafts)
    queries = [query for kind_queries in kinds.values() for query in kind_queries]
    assert len(queries) == QUERIES
    timings = {}
    for name, backend in backends.items():
        raw = partial(_raw_search, backend)
        _timed(raw, SAMPLE_QUERIES, QUERY_CAP_S)
        timings["raw", name] = _timed(raw, queries, QUERY_CAP_S)
    for name in backends:
        config = whoosh if name == "whoosh" else sqlite
        settings.WAGTAILSEARCH_BACKENDS = {"default": config, "whoosh": whoosh, "sqlite": sqlite}
        _timed(_public_search, SAMPLE_QUERIES, QUERY_CAP_S)
        timings["page", name] = _timed(_public_search, queries, QUERY_CAP_S)
    print(f"\n  3. {QUERIES} queries, latency in ms (SQL interrupted at {QUERY_CAP_S:g} s: >=):")
    print(f"     {', '.join(f'{len(q)} {k}' for k, q in kinds.items())}")
    labels = {
        "raw": "(a) raw: backend.search(query, published comments)[:10] + .count()",
        "page": "(b) page: PublicSearch(query).run(), sections + comments + facets (+ suggestion)",
    }
    ratios = {}
    for path, label in labels.items():
        print(f"    {label}")
        print(f"      {'':<8} {'p50':>8} {'p95':>8} {'max':>8}  capped  errors")
        for name in backends:
            timing = timings[path, name]
            cells = " ".join(f"{cell:>8}" for cell in timing.cells())
            print(f"      {name:<8} {cells}  {len(timing.capped):>6}  {len(timing.errors):>6}")
            for error in timing.errors[:3]:
                print(f"        {error}")
        (whoosh_p95, _bound), (sqlite_p95, sqlite_capped) = (
            timings[path, name].percentiles()[1] for name in backends
        )
        ratios[path] = whoosh_p95 / sqlite_p95
        print(
            f"      p95 whoosh/sqlite = {'<=' if sqlite_capped else ''}{ratios[path]:.2f} "
            f"(target <= {TARGET_P95_RATIO:g}: "
            f"{'met' if ratios[path] <= TARGET_P95_RATIO else 'MISSED'})"
        )
    print("    per kind of query, p50/p95 ms (SQLite: p50 and queries capped):")
    print(
        f"      {'kind':<14} {'n':>3} {'raw whoosh':>12} {'page whoosh':>12} "
        f"{'raw sqlite':>16} {'page sqlite':>16}"
    )
    for kind, kind_queries in kinds.items():
        if not kind_queries:
            continue
        cells = [
            "/".join(timings[path, "whoosh"].of(kind_queries).cells((0, 1))) for path in labels
        ]
        for path in labels:
            timing = timings[path, "sqlite"].of(kind_queries)
            cells.append(f"{timing.cells((0,))[0]} ({len(timing.capped)} capped)")
        print(
            f"      {kind:<14} {len(kind_queries):>3} {cells[0]:>12} {cells[1]:>12} "
            f"{cells[2]:>16} {cells[3]:>16}"
        )
    page = timings["page", "whoosh"]
    slowest = sorted(zip(page.latencies, page.queries, strict=True), reverse=True)[:5]
    sqlite_page = dict(zip(queries, timings["page", "sqlite"].latencies, strict=True))
    print("    slowest on Whoosh, page (whoosh ms / sqlite ms):")
    for latency, query in slowest:
        print(f"      {query!r:<42} {latency:7.0f} / {sqlite_page[query]:7.0f}")

    # 4. Do they agree? Counts only (what the page prints as totals), not capped.
    print("\n  4. Results for sample queries: raw = published comments matching; page = ")
    print("     PublicSearch totals, sections + comments of the current and adopted drafts")
    print("     (counts only, no cap; seconds = time of those counts):")
    print(f"      {'query':<22} {'raw whoosh':>16} {'raw sqlite':>16} {'page whoosh':>20} ", end="")
    print(f"{'page sqlite':>20}")
    for query in SAMPLE_QUERIES:
        row = []
        for backend in backends.values():
            start = time.perf_counter()
            count = _raw_count(backend, query)
            row.append(f"{count} ({time.perf_counter() - start:.1f} s)")
        for config in (whoosh, sqlite):
            settings.WAGTAILSEARCH_BACKENDS = {
                "default": config,
                "whoosh": whoosh,
                "sqlite": sqlite,
            }
            start = time.perf_counter()
            totals = _page_totals(query)
            row.append(f"{totals} ({time.perf_counter() - start:.1f} s)")
        print(f"      {query!r:<22} {row[0]:>16} {row[1]:>16} {row[2]:>20} {row[3]:>20}")

    outcomes = timings["page", "whoosh"].results
    misspelt = {query: outcomes[query].suggestion for query in kinds["misspelling"][:6]}
    print(f"    Whoosh's suggestions for misspellings (page): {misspelt}")
    offered = [
        (query, outcome.suggestion, outcome.total)
        for query, outcome in outcomes.items()
        if outcome.suggestion and outcome.total and query not in kinds["misspelling"]
    ]
    print(
        f"    Whoosh suggested another spelling for {len(offered)} of the "
        f"{QUERIES - len(kinds['misspelling'])} correctly spelt queries, though they found "
        f"results; e.g. (query, suggestion, results): {offered[:6]}"
    )

    # Where the time of Whoosh's slowest searches goes.
    settings.WAGTAILSEARCH_BACKENDS = {"default": whoosh, "whoosh": whoosh, "sqlite": sqlite}
    _profile(_public_search, [query for _ms, query in slowest[:3]], "page on Whoosh, slowest")
    print(f"\n  total {time.perf_counter() - started:.0f} s")
