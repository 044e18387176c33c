"""The public search page on the demo policy with 50,000 published comments, on two backends
side by side over the same data in one run: our Whoosh backend (search_index.backend) and
modelsearch's database backend (PostgreSQL full-text search, or SQLite FTS5 on SQLite). Prints,
for each: full rebuild time (and the comments' share), index size, then p50/p95 of the search
page (GET /search/ through the test client) per kind of query (rare, mid-frequency and common
words, two or three words, quoted phrases, misspellings, policy text, within a section, a draft
or a sector, page 2, all), whether the two backends showed the same totals and first results,
the words each backend searched for where they did not, and a profile of Whoosh's slowest pages.

The comments are written in bulk, table by table (no signals: no feedback items, no index
updates); their texts come from a seeded vocabulary of about 2,000 words and phrases. SQL still
running QUERY_CAP_S into a request is interrupted (SQLite FTS5 searches of this many comments
can take minutes each) and the request counts as taking at least that long. Run on demand, on
PostgreSQL (about 10 minutes on a quiet machine):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \\
        .venv/bin/python -m pytest tests/benchmarks/bench_search.py -s -p no:cacheprovider

BENCH_BASELINE=<folder of an older checkout> also measures that checkout's search_index on the
same index files ("before"), in the same run.
"""

import cProfile
import datetime
import importlib.util
import io
import math
import os
import pstats
import random
import re
import statistics
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment
from modelsearch.conf import get_app_config
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from consultation.enums import AgeGroup, Gender, PublicIdentity, ResultKind, Stance
from consultation.models import FeedbackItem, SectionComment, Sector
from consultation.public_search import searchable_drafts
from policy_docs.models import DraftPage, DraftSection
from policy_docs.sections import body_plain_text
from search_index.schema import TEXT_ANALYZER

# BENCH_COMMENTS=2000 for a quick trial of the benchmark itself.
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "50000"))
SEED = 20_250_901
# Comments per draft of the demo policy (the adopted policy takes none); the public search
# looks in the open draft and the adopted policy only.
DRAFT_SHARES = {"draft-1": 0.2, "draft-2": 0.3, "draft-3": 0.5}
SAMPLE_QUERIES = ["remittances", "dual citizenship", '"consular services"', "youth land", "pension"]
TARGET_REBUILD_S = 120
TARGET_P95_MS = 150
# SQL still running this long into a request is interrupted (SQLite FTS5 queries can take
# minutes here, see the module docstring); the request then counts as taking at least this long.
QUERY_CAP_S = 5.0

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


def _database_index_size() -> dict[str, int]:
    """Bytes of modelsearch's index in the database, per table and b-tree index: on SQLite the
    dbstat pages of the entries table and the FTS5 shadow tables; on PostgreSQL the entries
    table with its TOAST and its indexes (the GIN indexes on the tsvector columns)."""
    table = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "WHERE c.relname LIKE %s AND c.relkind IN ('r', 'i') ORDER BY 2 DESC",
                [table + "%"],
            )
            rows = dict(cursor.fetchall())
            # pg_total_relation_size of the table already counts its indexes and TOAST.
            return {table: rows.pop(table, 0)} | {f"  of which {k}": v for k, v in rows.items()}
        cursor.execute(
            "SELECT s.name, SUM(s.pgsize) FROM dbstat s JOIN sqlite_master m ON m.name = s.name "
            "WHERE m.tbl_name LIKE %s GROUP BY s.name ORDER BY 2 DESC",
            [table + "%"],
        )
        return dict(cursor.fetchall())


class Timing:
    """Latencies of one backend, in ms, in the order of the requests; a request whose SQL ran
    past the cap was interrupted there and counts as at least the cap."""

    def __init__(self, keys, latencies, capped, errors, results=None):
        self.keys, self.latencies, self.capped, self.errors = keys, latencies, capped, errors
        self.results = results or {}

    def of(self, keys) -> "Timing":
        wanted = set(keys)
        pairs = [(k, ms) for k, ms in zip(self.keys, self.latencies, strict=True) if k in wanted]
        return Timing(
            [k for k, _ms in pairs],
            [ms for _k, ms in pairs],
            [k for k in self.capped if k in wanted],
            self.errors,
        )

    def percentiles(self) -> list[tuple[float, bool]]:
        """(value, whether it is only a lower bound) for p50, p95 and max."""
        ordered = sorted(self.latencies)
        count, capped = len(ordered), len(self.capped)
        ranks = [(count - 1) // 2, min(count - 1, math.ceil(0.95 * count) - 1), count - 1]
        return [(ordered[rank], bool(capped and rank >= count - capped)) for rank in ranks]

    def cells(self, which=(0, 1, 2)) -> list[str]:
        values = self.percentiles()
        return [f"{'>=' if values[n][1] else ''}{values[n][0]:.0f}" for n in which]


def _past(deadline: float) -> bool:
    return time.perf_counter() > deadline


@contextmanager
def _sql_cap(cap_seconds: float):
    """SQL still running ``cap_seconds`` after this block started is interrupted: SQLite's
    progress handler, PostgreSQL's statement_timeout (in a savepoint, so that the test's
    transaction survives the cancelled statement)."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {int(cap_seconds * 1000)}")
            yield
            # A cancelled statement rolls the savepoint back, and the setting with it.
            cursor.execute("SET LOCAL statement_timeout = 0")
        return
    database = connection.connection
    database.set_progress_handler(partial(_past, time.perf_counter() + cap_seconds), 20_000)
    try:
        yield
    finally:
        database.set_progress_handler(None, 0)


def _interrupted(error: Exception) -> bool:
    return "interrupted" in str(error) or "statement timeout" in str(error)


@dataclass(frozen=True)
class Shown:
    """What a search page showed: per group (kind, total, the hits' addresses), and the
    spelling suggestion."""

    groups: tuple
    suggestion: str | None

    def total(self, kind: str) -> int | None:
        return next((total for k, total, _urls in self.groups if k == kind), None)

    def urls(self, kind: str) -> tuple:
        return next((urls for k, _total, urls in self.groups if k == kind), ())


def _search_page(client, params: dict) -> Shown:
    """GET /search/ as an anonymous reader; what the page showed."""
    response = client.get("/search/", params)
    assert response.status_code == 200, (params, response.status_code)
    outcome = response.context["outcome"]
    groups = tuple(
        (str(group.kind), group.total, tuple(hit.url for hit in group.hits))
        for group in outcome.groups
    )
    return Shown(groups, outcome.suggestion)


def _timed(client, requests: list[dict], cap_seconds: float) -> Timing:
    """Each request's latency through the test client (middleware, form, search, template)."""
    keys, latencies, capped, errors, results = [], [], [], [], {}
    for key, params in enumerate(requests):
        keys.append(key)
        start = time.perf_counter()
        try:
            with _sql_cap(cap_seconds):
                results[key] = _search_page(client, params)
        except OperationalError as error:
            if not _interrupted(error):
                raise
            capped.append(key)
        except Exception as error:  # a query one backend cannot take is a finding, not a stop
            errors.append(f"{params!r}: {error.__class__.__name__}: {str(error)[:80]}")
        finally:
            latencies.append((time.perf_counter() - start) * 1000)
    return Timing(keys, latencies, capped, errors, results)


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


def _requests(vocabulary: Vocabulary, texts: list[str]) -> dict[str, list[dict]]:
    """The search page's GET parameters, by kind of query: words by their document frequency
    in the comments (common, mid-frequency, rare), two or three words, quoted phrases,
    misspellings, words and headings of the policy text; then words within one section, one
    draft, one sector of commenters, and the second page of the comments."""
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

    queries = {
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
    queries["two words"] = distinct(pairs, 40)
    phrases = rng.sample(vocabulary.phrases, 30) + rng.sample(vocabulary.pairs, 15)
    queries["phrase"] = distinct([f'"{phrase}"' for phrase in phrases], 30)
    long_words = [word for word in common if len(word) >= 6]
    queries["misspelling"] = distinct([_misspelt(word, rng) for word in long_words], 20)
    drafts = searchable_drafts(include_older=False)
    sections = list(DraftSection.objects.filter(page__in=drafts))
    policy_text = " ".join(f"{s.heading} {body_plain_text(s.body)}" for s in sections)
    policy_words = sorted(
        {word for word in re.findall(r"[A-Za-z]{7,}", policy_text) if word.lower() not in stop}
    )
    headings = sorted({section.heading for section in sections})
    queries["policy text"] = distinct(rng.sample(headings, 10), 10)
    queries["policy text"] += distinct(rng.sample(policy_words, 20), 10)
    kinds = {kind: [{"q": query} for query in found] for kind, found in queries.items()}

    # Narrowed by a facet, or a second page: common and mid-frequency words (the expensive
    # ones), repeated from above, as a reader narrows a search already made.
    narrowed = common[:20] + middle[:20]
    keys = sorted({section.key for section in sections})
    sectors = list(Sector.objects.values_list("pk", flat=True))
    kinds["in a section"] = [
        {"q": rng.choice(narrowed), "section": rng.choice(keys)} for _ in range(20)
    ]
    kinds["in a draft"] = [
        {"q": rng.choice(narrowed), "draft": rng.choice(drafts).pk} for _ in range(20)
    ]
    kinds["by sector"] = [
        {"q": rng.choice(narrowed), "sector": rng.choice(sectors)} for _ in range(20)
    ]
    kinds["page 2"] = [
        {"q": word, "kind": ResultKind.COMMENTS, "page": 2} for word in rng.sample(narrowed, 20)
    ]
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


def _profile(client, requests, label: str) -> None:
    profile = cProfile.Profile()
    profile.enable()
    for params in requests:
        _search_page(client, params)
    profile.disable()
    print(f"\n  cProfile of {label} ({', '.join(map(repr, requests))}), by cumulative time:")
    for line in _profile_lines(profile, "cumulative", 30):
        print("    " + line)
    print("  ... by own time:")
    for line in _profile_lines(profile, "tottime", 12):
        print("    " + line)


def _database_lexemes(text: str) -> list[str]:
    """The lexemes the database backend's full-text configuration makes of ``text``."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector(%s))", [text])
        return sorted(cursor.fetchone()[0])


def _whoosh_terms(text: str) -> list[str]:
    return sorted({token.text for token in TEXT_ANALYZER(text)})


def _agreement(kinds, requests, timings, names) -> None:
    """Per kind: how often both backends showed the same totals and the same first results;
    then each disagreement with the words each backend searched for."""
    whoosh_name, database_name = names
    print(
        "\n  4. Do the backends agree? Same totals = both groups' totals equal; same first ="
        "\n     the same results shown (as sets; the order of equal scores may differ):"
    )
    print(f"      {'kind':<14} {'n':>3} {'same totals':>12} {'same first':>11}")
    differing = []
    for kind, keys in kinds.items():
        both = [
            key
            for key in keys
            if key in timings[whoosh_name].results and key in timings[database_name].results
        ]
        same_totals = same_first = 0
        for key in both:
            mine, theirs = timings[whoosh_name].results[key], timings[database_name].results[key]
            totals = [(mine.total(k), theirs.total(k)) for k in ResultKind.values]
            if all(a == b for a, b in totals):
                same_totals += 1
            else:
                differing.append((kind, requests[key], totals))
            if all(set(mine.urls(k)) == set(theirs.urls(k)) for k in ResultKind.values):
                same_first += 1
        print(f"      {kind:<14} {len(both):>3} {same_totals:>12} {same_first:>11}")
    print(
        f"    Totals that differ ((policy text, comments) {whoosh_name} vs {database_name}), "
        "with the terms each backend searched for:"
    )
    for kind, params, totals in differing[:40]:
        query = params["q"]
        print(f"      [{kind}] {params}: {totals}")
        print(
            f"        whoosh terms {_whoosh_terms(query)}; "
            f"{database_name} lexemes {_database_lexemes(query)}"
        )
    if len(differing) > 40:
        print(f"      ... and {len(differing) - 40} more")


def test_search_backends_with_50000_comments(db, client, settings, tmp_path, search_index_folder):
    started = time.perf_counter()
    rng = random.Random(SEED)  # noqa: S311 - benchmark data, not security
    vocabulary = Vocabulary(rng)
    # Every request of the benchmark comes from one address: no rate limit here.
    settings.RATELIMIT_ENABLE = False

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
    database_name = "postgres" if connection.vendor == "postgresql" else "sqlite"
    configs = {
        "whoosh": {"BACKEND": "search_index.backend", "PATH": whoosh_path},
        database_name: {"BACKEND": "wagtail.search.backends.database"},
    }
    settings.WAGTAILSEARCH_BACKENDS = {"default": configs["whoosh"], **configs}
    backends = {name: get_search_backend(name) for name in configs}
    names = tuple(configs)
    # An older checkout's search_index, searching the same index files: before and after
    # in the same run (its index format must be this one's).
    baseline = os.environ.get("BENCH_BASELINE")
    if baseline:
        configs["before"] = {"BACKEND": _import_baseline(baseline), "PATH": whoosh_path}

    print(f"\nSearch backends, demo policy + {COMMENTS:,} comments, {connection.vendor}:")
    for name, backend in backends.items():
        print(f"  {name}: get_search_backend({name!r}) is {type(backend).__module__}.", end="")
        print(type(backend).__name__)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW default_text_search_config")
            print(f"  PostgreSQL full-text configuration: {cursor.fetchone()[0]}")
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
    rebuilds = {}
    for name, backend in backends.items():
        backend.reset_indexes()
        rebuilds[name] = _rebuild(name)
    print("\n  1. Full rebuild (update_index, from an empty index):")
    for name, (total, indexes) in rebuilds.items():
        _print_rebuild(name, total, indexes)
    whoosh_comments = next(
        i["seconds"] for i in rebuilds["whoosh"][1] if "comment" in i["name"] and i.get("seconds")
    )
    database_comments = next(
        i["models"]["consultation.SectionComment"] for i in rebuilds[database_name][1]
    )
    print(
        f"    {COMMENTS:,} comments: Whoosh {whoosh_comments:.1f} s (its comment index, commit "
        f"included), {database_name} {database_comments:.1f} s (reading and indexing the "
        f"comments); target for Whoosh < {TARGET_REBUILD_S} s: "
        f"{'met' if whoosh_comments < TARGET_REBUILD_S else 'MISSED'}"
    )

    print("\n  2. Index size on disk:")
    whoosh_size = _whoosh_size(whoosh_path)
    database_size = _database_index_size()
    text_size = sum(len(text.encode()) for text in texts)
    print(
        f"    whoosh   {whoosh_size['total'] / 2**20:7.2f} MB (files in PATH; comment index "
        f"{whoosh_size['comments index'] / 2**20:.2f} MB)"
    )
    total = sum(size for name, size in database_size.items() if not name.startswith(" "))
    print(f"    {database_name:<8} {total / 2**20:7.2f} MB (modelsearch's index in the database)")
    for name, size in database_size.items():
        if size >= 2**16:
            print(f"              {name:<60} {size / 2**20:7.2f} MB")
    print(f"    for scale: the {COMMENTS:,} comment texts are {text_size / 2**20:.2f} MB")

    # 3. The search page, each kind of query on each backend, one backend after the other.
    kinds_params = _requests(vocabulary, texts)
    requests = [params for kind_params in kinds_params.values() for params in kind_params]
    kinds, position = {}, 0
    for kind, kind_params in kinds_params.items():
        kinds[kind] = list(range(position, position + len(kind_params)))
        position += len(kind_params)
    warm_up = [{"q": query} for query in SAMPLE_QUERIES]
    timings = {}
    for name in configs:
        settings.WAGTAILSEARCH_BACKENDS = {"default": configs[name], **configs}
        _timed(client, warm_up, QUERY_CAP_S)
        timings[name] = _timed(client, requests, QUERY_CAP_S)
    print(
        f"\n  3. The search page (GET /search/ through the test client: middleware, form, search,"
        f"\n     template), {len(requests)} requests on each backend, latency in ms (SQL "
        f"interrupted at {QUERY_CAP_S:g} s: >=); load average {_load()}:"
    )
    if baseline:
        print(f"     before = whoosh with search_index of {baseline}, on the same index files")
    heading = "".join(f"{name + ' p50/p95':>18}" for name in configs)
    print(f"      {'kind':<14} {'n':>3}{heading}")
    met = []
    for kind, keys in [*kinds.items(), ("all", list(range(len(requests))))]:
        cells = "".join(f"{'/'.join(timings[name].of(keys).cells((0, 1))):>18}" for name in configs)
        p95s = [timings[name].of(keys).percentiles()[1][0] for name in names]
        met.append(p95s[0] <= p95s[1])
        verdict = "" if p95s[0] <= p95s[1] else "  whoosh slower"
        print(f"      {kind:<14} {len(keys):>3}{cells}{verdict}")
    for name in configs:
        timing = timings[name]
        if timing.capped or timing.errors:
            print(f"      {name}: {len(timing.capped)} capped, {len(timing.errors)} errors")
        for error in timing.errors[:3]:
            print(f"        {error}")
    whoosh_p95 = timings["whoosh"].percentiles()[1][0]
    print(
        f"    targets: whoosh p95 {whoosh_p95:.0f} ms <= {TARGET_P95_MS} ms: "
        f"{'met' if whoosh_p95 <= TARGET_P95_MS else 'MISSED'}; whoosh p95 <= {database_name} "
        f"p95 for every kind: {'met' if all(met) else 'MISSED'}"
    )
    page = timings["whoosh"]
    slowest = sorted(zip(page.latencies, page.keys, strict=True), reverse=True)[:5]
    other = dict(zip(timings[database_name].keys, timings[database_name].latencies, strict=True))
    print(f"    slowest on Whoosh (whoosh ms / {database_name} ms):")
    for latency, key in slowest:
        print(f"      {requests[key]!r:<60} {latency:7.0f} / {other[key]:7.0f}")

    # 4. Do they agree?
    _agreement(kinds, requests, timings, names)
    outcomes = timings["whoosh"].results
    misspelt = {requests[key]["q"]: outcomes[key].suggestion for key in kinds["misspelling"][:6]}
    print(f"    Whoosh's suggestions for misspellings: {misspelt}")

    # Where the time of Whoosh's slowest searches goes.
    settings.WAGTAILSEARCH_BACKENDS = {"default": configs["whoosh"], **configs}
    _profile(client, [requests[key] for _ms, key in slowest[:3]], "the page on Whoosh, slowest")
    print(f"\n  total {time.perf_counter() - started:.0f} s")


def _import_baseline(checkout: str) -> str:
    """Import ``checkout``/search_index as the package ``search_index_baseline``; its
    backend's dotted path."""
    init = Path(checkout) / "search_index" / "__init__.py"
    spec = importlib.util.spec_from_file_location(
        "search_index_baseline", init, submodule_search_locations=[str(init.parent)]
    )
    package = importlib.util.module_from_spec(spec)
    sys.modules["search_index_baseline"] = package
    spec.loader.exec_module(package)
    return "search_index_baseline.backend"


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())
