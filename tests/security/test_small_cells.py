"""Small cells undone by subtraction, played as an attacker: collect every figure published
about who took part ("What we heard" in English and Sesotho, the public Word export read back
with python-docx, the same page polled while a moderator approves comments one by one) and try
every subtraction (a total minus the rows shown, a column of the decisions minus the rows
shown, the sections' totals, the difference between two states of the page). No hidden figure
may come out, and no newly shown comment may be matched to its author's gender."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.table import Table

from consultation.enums import Decision, Gender
from consultation.models import FeedbackItem, PublishedFigures, SectionComment
from consultation.review.feedback import feedback_respond
from consultation.review.publication import draft_publish_responses
from consultation.suppression import SMALL_CELL
from tests.consultation.conftest import dual, open_draft, reviewer, team_member  # noqa: F401
from tests.consultation.factories import SectionCommentFactory, sector
from tests.security.attacker import pinned

NOT_SHOWN = "not shown"
ONE_WAY = {
    "By sector": False,
    "By gender": True,  # every category listed, people only
    "By country of residence": False,
    "By section": False,
}
DECISIONS = ("Decisions by sector", "Decisions by gender")


# Who took part: (people, gender, sector, country, section keys of each one's comments).
# Small groups on purpose: 2 in Media, 1 in Academia, 1 of another gender, 3 who did not say,
# 3 in Lesotho, 4 people on "Dual citizenship".
PEOPLE = [
    (3, Gender.WOMAN, "Diaspora association", "ZA", ["dual", "remittances"]),
    (5, Gender.WOMAN, "Diaspora association", "ZA", ["remittances"]),
    (6, Gender.MAN, "Youth organisation", "GB", ["intro"]),
    (2, Gender.MAN, "Media", "LS", ["remittances"]),
    (1, Gender.ANOTHER, "Academia or research", "LS", ["dual"]),
    (3, Gender.UNDISCLOSED, "Diaspora association", "ZA", ["intro"]),
]
DECIDED = [Decision.ACCEPTED, Decision.NOT_ACCEPTED, Decision.PARTLY_ACCEPTED, Decision.NOTED]


def add_people(draft, people, *, start=0, is_public=True) -> list[SectionComment]:
    made, n = [], start
    for count, gender, sector_name, country, keys in people:
        for _ in range(count):
            for key in keys:
                made.append(
                    SectionCommentFactory(
                        section=draft.sections.get(key=key),
                        user_name=f"Person {n}",
                        user_email=f"person{n}@example.org",
                        public_identity="anonymous" if n % 4 == 0 else "named",
                        gender=gender,
                        sector=sector(sector_name),
                        country=country,
                        is_public=is_public,
                    )
                )
            n += 1
    return made


def number(text: str):
    text = text.strip()
    return None if text == NOT_SHOWN else int(text)


def page_figures(html: str) -> dict:
    """Every figure of a "What we heard" page: the headline and each table, hidden cells as
    None, a withheld table as None."""
    soup = BeautifulSoup(html, "lxml")
    headline = [li.get_text(" ", strip=True) for li in soup.select(".compare-summary li")]
    people = re.match(r"(\d+) ", headline[1])
    figures = {
        "comments": int(headline[0].split()[0]),
        "people": int(people.group(1)) if people else None,
        "submissions": int(headline[2].split()[0]),
        "tables": {},
    }
    for table in soup.select("table.figures"):
        caption = table.caption.get_text(strip=True)
        width = len(table.select("thead th")) - 1
        rows = []
        for tr in table.select("tbody tr"):
            if tr.th is None:  # "No comments yet" or withheld
                rows = None if "Not shown" in tr.get_text() else []
                break
            cells = [number(td.get_text()) for td in tr.select("td")]
            if len(cells) == 1 and width > 1:  # a whole row hidden in one cell
                cells = cells * width
            rows.append((tr.th.get_text(strip=True), cells))
        figures["tables"][caption] = rows
    return figures


def word_figures(path) -> dict:
    """The same, read back from the public Word export."""
    document = Document(str(path))
    figures, heading = {"tables": {}}, None
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if heading in ONE_WAY or heading in DECISIONS:
                figures["tables"][heading] = [
                    (row.cells[0].text, [number(cell.text) for cell in row.cells[1:]])
                    for row in block.rows[1:]
                ]
            continue
        text = block.text
        if block.style.name.startswith("Heading"):
            heading = text
        elif text.startswith("Not shown: too few people") and heading:
            figures["tables"][heading] = None
        elif match := re.match(
            r"Published comments: (\d+)\. People and organisations who commented: "
            r"(fewer than \d+|\d+)\. Written submissions: (\d+)\.",
            text,
        ):
            figures["comments"] = int(match.group(1))
            figures["people"] = None if "fewer" in match.group(2) else int(match.group(2))
            figures["submissions"] = int(match.group(3))
    return figures


def what_we_heard(client, draft, language="en") -> dict:
    response = client.get(reverse("what_we_heard", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return page_figures(response.content.decode())


def public_export(tmp_path, draft, name="public.docx") -> dict:
    path = tmp_path / name
    call_command("export_feedback", "--draft", str(draft.pk), "--output", str(path), "--public")
    return word_figures(path)


def public_decision_totals(draft) -> list[int]:
    """What anyone can count on the draft's page once the responses are published: how many
    public contributions got each decision."""
    counts = dict(
        FeedbackItem.objects.in_review()
        .filter(draft=draft, is_public=True)
        .exclude(decision="")
        .values_list("decision")
        .annotate(n=Count("pk"))
    )
    return [counts.get(decision, 0) for decision in Decision.values]


def recoverable(figures: dict, decision_totals: list[int] | None = None) -> dict:
    """Every hidden figure an attacker can work out from `figures` and the public totals,
    trying every integer answer that fits."""
    unknowns, facts = {}, []
    for caption, every_category in ONE_WAY.items():
        rows = figures["tables"].get(caption)
        if not rows:
            continue
        columns = ["people"] if every_category else ["people", "comments"]
        least = 0 if every_category else 1
        for column, total in (("people", figures["people"]), ("comments", figures["comments"])):
            if column not in columns:
                continue
            index = columns.index(column)
            hidden = [
                f"{caption}|{label}|{column}" for label, cells in rows if cells[index] is None
            ]
            for name in hidden:
                unknowns[name] = (least, 10_000)
            if total is not None and hidden:
                shown = sum(cells[index] for _label, cells in rows if cells[index] is not None)
                # The conservative reading: hidden rows hold what the total leaves.
                facts.append(("eq", hidden, total - shown))
        if not every_category:
            facts += [
                ("le", f"{caption}|{label}|people", f"{caption}|{label}|comments")
                for label, cells in rows
                if cells[0] is None
            ]
    for caption in DECISIONS:
        rows = figures["tables"].get(caption)
        if not rows or decision_totals is None:
            continue
        for col, total in enumerate(decision_totals):
            hidden = [f"{caption}|{label}|{col}" for label, cells in rows if cells[col] is None]
            for name in hidden:
                unknowns[name] = (0, 10_000)
            if hidden and total:
                shown = sum(cells[col] for _label, cells in rows if cells[col] is not None)
                facts.append(("eq", hidden, total - shown))
            elif hidden:
                facts.append(("eq", hidden, 0))  # nobody got this decision: no secret
        for label, cells in rows:
            hidden = [f"{caption}|{label}|{col}" for col, c in enumerate(cells) if c is None]
            if hidden:
                facts.append(("ge", hidden, 1 - sum(c for c in cells if c is not None)))
    found = pinned(unknowns, facts)
    # A zero that a public total of zero already says is no secret.
    return {
        name: value
        for name, value in found.items()
        if not (name.startswith("Decisions") and decision_totals[int(name.rsplit("|", 1)[1])] == 0)
    }


def explicit_subtractions(figures: dict, decision_totals: list[int] | None = None) -> list:
    """The attacks of the issue, spelt out: a total minus the rows shown, when one row is
    hidden; a decision's total minus the rows shown, when one cell of its column is hidden."""
    found = []
    for caption in ONE_WAY:
        rows = figures["tables"].get(caption) or []
        hidden = [label for label, cells in rows if cells[0] is None]
        if len(hidden) == 1:
            found.append((caption, hidden[0]))
    for caption in DECISIONS:
        rows = figures["tables"].get(caption) or []
        for col in range(len(Decision.values)):
            hidden = [label for label, cells in rows if cells[col] is None]
            if len(hidden) == 1 and decision_totals and decision_totals[col]:
                found.append((caption, hidden[0], col))
    return found


@pytest.fixture
def consultation(open_draft, reviewer):  # noqa: F811
    """Draft 2 of a policy, closed, with small groups, every comment decided and the
    responses published; and Draft 1 before it, with a few comments of its own."""
    comments = add_people(open_draft, PEOPLE)
    for n, comment in enumerate(comments):
        feedback_respond(
            item=comment.feedback, user=reviewer, status="answered",
            decision=DECIDED[n % len(DECIDED)], response="Considered.", themes=[],
        )  # fmt: skip
    open_draft.closes_at = timezone.now() - datetime.timedelta(hours=1)
    open_draft.opens_at = open_draft.closes_at - datetime.timedelta(days=30)
    open_draft.save_revision().publish()
    draft_publish_responses(draft=open_draft, user=reviewer)
    return open_draft


def test_the_test_data_has_small_groups_to_hide(consultation):
    exact = {
        gender: len(set(SectionComment.objects.filter(gender=gender).values_list("user_email")))
        for gender in Gender.values
    }
    assert exact[Gender.ANOTHER] == 1 and exact[Gender.UNDISCLOSED] == 3


def test_no_hidden_figure_comes_out_of_the_page_in_either_language_or_the_export(
    client, consultation, tmp_path
):
    english = what_we_heard(client, consultation, "en")
    sesotho = what_we_heard(client, consultation, "st")
    exported = public_export(tmp_path, consultation)

    # Something is hidden (the test has teeth), and nothing of a small group is shown.
    by_gender = dict(english["tables"]["By gender"])
    assert by_gender["Another gender"] == [None] and by_gender["Prefer not to say"] == [None]
    assert dict(english["tables"]["By sector"])["Media"] == [None, None]
    for caption in DECISIONS:
        assert any(None in cells for _label, cells in english["tables"][caption])
    for caption in ONE_WAY:
        for _label, cells in english["tables"][caption] or []:
            assert cells[0] is None or not 0 < cells[0] < SMALL_CELL

    # The same figures in Sesotho and in the Word export: no second set to subtract.
    def numbers(figures):
        return {
            caption: rows and [cells for _label, cells in rows]
            for caption, rows in figures["tables"].items()
        }

    assert numbers(sesotho) == numbers(english) == numbers(exported)
    for key in ("comments", "people", "submissions"):
        assert sesotho[key] == english[key] == exported[key]

    totals = public_decision_totals(consultation)
    assert explicit_subtractions(english, totals) == []
    assert recoverable(english, totals) == {}


def test_an_attacker_with_the_previous_draft_and_both_pages_learns_nothing_more(
    client, consultation, policy
):
    from tests.policy_docs.factories import DraftPageFactory, section

    earlier = DraftPageFactory(
        parent=policy, title="Draft 1", slug="draft-1",
        sections=[section("Introduction", level=1, key="intro"),
                  section("Dual citizenship", key="dual"),
                  section("Remittances", key="remittances")],
    )  # fmt: skip
    add_people(earlier, [(4, Gender.WOMAN, "Media", "LS", ["dual"]),
                         (2, Gender.MAN, "Media", "LS", ["intro"])], start=100)  # fmt: skip
    both = [what_we_heard(client, draft) for draft in (earlier, consultation)]
    # Two drafts, two sets of people: no figure is shared, so each page is attacked alone.
    for figures in both:
        assert recoverable(figures) == {}
        assert explicit_subtractions(figures) == []


def an_hour_passes(draft):
    """Move the clock an hour on: the kept figures were last looked at an hour earlier, and
    the cached copies of the page (kept for minutes) are gone."""
    PublishedFigures.objects.filter(draft=draft).update(
        checked_at=F("checked_at") - datetime.timedelta(hours=1),
        computed_at=F("computed_at") - datetime.timedelta(hours=1),
    )
    caches["pages"].clear()
    caches["near"].clear()


def approve(client, moderator, comment, django_capture_on_commit_callbacks):
    client.force_login(moderator)
    edit = reverse("comment_moderation:edit", args=[comment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, {"decision": "approve", "reason": ""}).status_code == 302
    client.logout()


def newcomers_genders(before: dict, after: dict, newcomers: int) -> set[str]:
    """The genders a newcomer may have, given how the gender table moved: every split of the
    newcomers over the genders that fits the rows shown in both states and the totals."""
    rows_before = dict(before["tables"]["By gender"])
    rows_after = dict(after["tables"]["By gender"])
    genders = list(rows_after)
    possible = set()

    def splits(left, n):
        if n == 1:
            yield (left,)
            return
        for first in range(left + 1):
            for rest in splits(left - first, n - 1):
                yield (first, *rest)

    for split in splits(newcomers, len(genders)):
        joined = dict(zip(genders, split, strict=True))
        fits = all(
            rows_after[g][0] - rows_before[g][0] == joined[g]
            for g in genders
            if rows_after[g][0] is not None and rows_before[g][0] is not None
        )
        if fits:
            possible |= {g for g, n in joined.items() if n}
    return possible


def test_polling_while_comments_are_approved_one_by_one_matches_no_one_to_a_gender(
    client,
    open_draft,  # noqa: F811
    team_member,  # noqa: F811
    tmp_path,
    django_capture_on_commit_callbacks,
):
    add_people(open_draft, [(6, Gender.WOMAN, "Diaspora association", "ZA", ["dual"]),
                            (5, Gender.MAN, "Youth organisation", "GB", ["intro"])])  # fmt: skip
    moderator = team_member("Moderators", "mod")
    start = what_we_heard(client, open_draft)
    start_export = public_export(tmp_path, open_draft, "start.docx")
    assert start["comments"] == 11 and start["people"] == 11

    # Five people of two genders wait for the moderator; she approves them one by one.
    waiting = add_people(
        open_draft,
        [(3, Gender.WOMAN, "Media", "LS", ["remittances"]),
         (2, Gender.MAN, "Media", "LS", ["remittances"])],
        start=200, is_public=False,
    )  # fmt: skip
    approve(client, moderator, waiting[0], django_capture_on_commit_callbacks)
    assert waiting[0].comment in client.get(open_draft.url).content.decode()
    assert what_we_heard(client, open_draft) == start  # not on each approval

    # An hour later, one new person is too few to move the figures.
    an_hour_passes(open_draft)
    assert what_we_heard(client, open_draft) == start

    for comment in waiting[1:]:
        approve(client, moderator, comment, django_capture_on_commit_callbacks)
        assert what_we_heard(client, open_draft) == start
    assert public_export(tmp_path, open_draft, "later.docx")["tables"] == start_export["tables"]

    an_hour_passes(open_draft)
    moved = what_we_heard(client, open_draft)
    assert moved != start
    assert (moved["comments"], moved["people"]) == (16, 16)
    assert public_export(tmp_path, open_draft, "moved.docx")["tables"] == moved["tables"]

    # The attacker knows the five newcomers (their comments appeared in between) and sees
    # how the gender table moved: each newcomer may still be of more than one gender.
    assert len(newcomers_genders(start, moved, newcomers=5)) >= 2
    for figures in (start, moved):
        assert recoverable(figures) == {}
        assert explicit_subtractions(figures) == []

    # And within the next hour nothing moves again.
    late = add_people(open_draft, [(1, Gender.WOMAN, "Media", "LS", ["dual"])], start=300,
                      is_public=False)  # fmt: skip
    approve(client, moderator, late[0], django_capture_on_commit_callbacks)
    assert what_we_heard(client, open_draft) == moved


def test_newcomers_all_of_one_gender_wait_until_someone_else_joins_them(
    client,
    open_draft,  # noqa: F811
    team_member,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    add_people(open_draft, [(6, Gender.WOMAN, "Diaspora association", "ZA", ["dual"]),
                            (6, Gender.MAN, "Youth organisation", "GB", ["intro"])])  # fmt: skip
    moderator = team_member("Moderators", "mod")
    start = what_we_heard(client, open_draft)

    women = add_people(open_draft, [(5, Gender.WOMAN, "Media", "LS", ["remittances"])],
                       start=200, is_public=False)  # fmt: skip
    for comment in women:
        approve(client, moderator, comment, django_capture_on_commit_callbacks)
    an_hour_passes(open_draft)
    # Moving now would say that each of the five is a woman.
    assert what_we_heard(client, open_draft) == start

    man = add_people(open_draft, [(1, Gender.MAN, "Media", "LS", ["remittances"])],
                     start=300, is_public=False)  # fmt: skip
    approve(client, moderator, man[0], django_capture_on_commit_callbacks)
    an_hour_passes(open_draft)
    moved = what_we_heard(client, open_draft)
    assert moved["people"] == 18
    assert newcomers_genders(start, moved, newcomers=6) >= {"Woman", "Man"}


@pytest.mark.parametrize(
    ("query", "option", "label"),
    [("gender=woman", ("--gender", "woman"), "gender"),
     ("country=LS", ("--country", "LS"), "country of residence")],
)  # fmt: skip
def test_a_public_export_cannot_be_filtered_by_a_personal_detail(
    client,
    reviewer,  # noqa: F811
    consultation,
    tmp_path,
    query,
    option,
    label,
):
    """Its list of comments would say each one's author is a woman, or lives in Lesotho."""
    from consultation.models import FeedbackExport

    refusal = f"cannot be filtered by {label}"
    client.force_login(reviewer)
    url = reverse("feedback_export_new") + "?" + query
    response = client.post(url, {"variant": "public", "draft": consultation.pk})
    assert response.status_code == 200
    assert refusal in response.content.decode()
    assert not FeedbackExport.objects.exists()
    # The internal version, for the drafters, still can.
    client.post(url, {"variant": "internal", "draft": consultation.pk})
    assert FeedbackExport.objects.get().query == dict([query.split("=")])

    path = tmp_path / "selected.docx"
    with pytest.raises(CommandError, match=refusal):
        call_command("export_feedback", "--draft", str(consultation.pk), "--output", str(path),
                     "--public", *option)  # fmt: skip
    assert not path.exists()


def test_a_public_export_is_filtered_by_the_review_only_once_the_responses_are_public(
    client,
    reviewer,  # noqa: F811
    consultation,
):
    """Listing the accepted comments before the responses are published would publish the
    review."""
    from consultation.models import FeedbackExport, ResponsePublication

    ResponsePublication.objects.filter(draft=consultation).delete()  # answered, not published
    client.force_login(reviewer)
    url = reverse("feedback_export_new") + "?decision=accepted&status=answered"
    page = client.post(url, {"variant": "public", "draft": consultation.pk}).content.decode()
    assert "cannot be filtered by decision before the responses are published" in page
    assert "cannot be filtered by status before the responses are published" in page
    assert not FeedbackExport.objects.exists()

    draft_publish_responses(draft=consultation, user=reviewer)
    assert client.post(url, {"variant": "public", "draft": consultation.pk}).status_code == 302
    assert FeedbackExport.objects.get().public


def test_the_public_export_charts_draw_only_figures_the_tables_show(client, consultation):
    from consultation.exports.published_figures import public_chart_series
    from consultation.what_we_heard import published_figures

    summary = published_figures(consultation)
    series = public_chart_series(summary)
    shown_sections = {row.label: row.comments for row in summary.by_section if not row.suppressed}
    assert dict(series["sections"]) == shown_sections
    assert dict(series["genders"]) == {
        row.label: row.people for row in summary.by_gender if not row.suppressed
    }
    assert "Another gender" not in dict(series["genders"])
