"""The public search page (/search/) through the web, on a real index: Whoosh in a temporary
folder by default, the database backend when the suite runs with SEARCH_BACKEND=database."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from wagtail.rich_text import RichText

from consultation.enums import Gender, PublicIdentity
from consultation.models import SectionComment
from policy_docs.models import DraftPage
from tests.consultation.factories import SectionCommentFactory, sector
from tests.policy_docs.factories import DraftPageFactory, PolicyPageFactory, section

SEARCH = "/search/"
whoosh_only = pytest.mark.skipif(
    settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "search_index.backend",
    reason="Whoosh's own behaviour (spelling, pending updates, index files)",
)


@pytest.fixture
def drafts(policy, search_index):
    """Draft 1 (closed, older) and Draft 2 (open for comments) of one policy."""
    draft_1 = DraftPageFactory(
        parent=policy,
        title="Draft 1",
        slug="draft-1",
        sections=[
            section("The diaspora", level=1, key="diaspora", text="Who we are."),
            section("Remittances", key="remittances", text="An obsolete levy on remittances."),
        ],
    )
    draft_2 = DraftPageFactory(
        parent=policy,
        title="Draft 2",
        slug="draft-2",
        open_for_comments=True,
        sections=[
            section("The diaspora", level=1, key="diaspora", text="Who we are."),
            section("Dual citizenship", key="dual", text="Basotho may hold two nationalities."),
            section(
                "Remittances",
                key="remittances",
                text="The cost of sending remittances home must fall below three percent.",
            ),
        ],
    )
    return draft_1, draft_2


def comment(draft, key, text, **kwargs):
    return SectionCommentFactory(section=draft.sections.get(key=key), comment=text, **kwargs)


def page(client, **query):
    response = client.get(SEARCH, query)
    return response, BeautifulSoup(response.content, "html.parser")


def group(soup, kind):
    section = soup.find("section", attrs={"aria-labelledby": f"group-{kind}"})
    return section.select("li.result") if section else None


def facet(soup, name):
    section = soup.find("section", attrs={"aria-labelledby": f"facet-{name}"})
    return [li.get_text(" ", strip=True) for li in section.select("li")] if section else []


def test_results_come_in_two_groups_with_marked_words_and_section_links(client, drafts):
    _draft_1, draft_2 = drafts
    fees = comment(draft_2, "remittances", "Bank fees make remittances expensive.")
    comment(draft_2, "dual", "Dual citizenship matters to my children.")

    response, soup = page(client, q="remittance")

    assert response.status_code == 200
    [text_hit] = group(soup, "text")
    link = text_hit.select_one("a.result-title")
    assert link.get_text() == "1.2 Remittances"
    assert link["href"] == f"{draft_2.url}#section-remittances"
    assert "Draft 2" in text_hit.select_one(".result-context").get_text()
    snippet = text_hit.select_one(".snippet")
    assert [m.get_text() for m in snippet.select("mark")] == ["remittances"]
    assert "The cost of sending remittances home" in snippet.get_text()
    [comment_hit] = group(soup, "comments")
    assert comment_hit.select_one("a.result-title")["href"] == fees.get_absolute_url()
    assert fees.get_absolute_url().endswith(f"#c{fees.pk}")
    assert comment_hit.select_one(".snippet mark").get_text() == "remittances"
    assert "2 results for “remittance”" in soup.select_one(".result-count").get_text()


def test_older_drafts_are_searched_only_on_request(client, drafts):
    _response, soup = page(client, q="obsolete levy")
    assert group(soup, "text") == []

    _response, soup = page(client, q="obsolete levy", older="1")
    [hit] = group(soup, "text")
    assert "Draft 1" in hit.get_text()


def test_a_phrase_in_quotes_needs_its_words_together(client, drafts):
    _response, soup = page(client, q='"two nationalities"')
    assert len(group(soup, "text")) == 1
    _response, soup = page(client, q='"nationalities two"')
    assert group(soup, "text") == []


def test_facets_count_by_draft_section_and_sector_and_narrow_the_results(client, drafts):
    _draft_1, draft_2 = drafts
    youth = sector("Youth organisation")
    comment(draft_2, "remittances", "Remittances fund school fees.", sector=youth)
    comment(draft_2, "dual", "Remittances stop when citizenship is lost.")
    comment(draft_2, "dual", "Dual citizenship keeps remittances flowing.")

    _response, soup = page(client, q="remittances")
    assert facet(soup, "draft") == ["National Diaspora Policy · Draft 2 (4)"]
    assert facet(soup, "section") == ["1.1 Dual citizenship (2)", "1.2 Remittances (2)"]
    assert "Youth organisation (1)" in facet(soup, "sector")

    # Following a facet link narrows the results; the facet shows what is selected.
    dual_link = soup.find("a", string="1.1 Dual citizenship")
    response = client.get(SEARCH + dual_link["href"])
    soup = BeautifulSoup(response.content, "html.parser")
    assert group(soup, "text") == []
    assert len(group(soup, "comments")) == 2
    assert facet(soup, "section")[0].startswith("1.1 Dual citizenship (2) Remove")

    youth_link = soup.find("a", string="Youth organisation")
    assert youth_link is None  # no youth comment on that section
    _response, soup = page(client, q="remittances", sector=youth.pk)
    assert group(soup, "text") is None  # a sector narrows the comments only
    [hit] = group(soup, "comments")
    assert "school fees" in hit.get_text()


@whoosh_only
def test_a_misspelt_word_gets_a_suggestion_that_finds_something(client, drafts):
    _response, soup = page(client, q="remitances")
    suggestion = soup.select_one(".suggestion a")
    assert suggestion.get_text() == "remittances"

    response = client.get(SEARCH + suggestion["href"])
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(group(soup, "text")) == 1
    assert soup.select_one(".suggestion") is None


@whoosh_only
def test_a_word_the_comments_use_is_not_corrected_to_a_word_of_the_policy(client, drafts):
    comment(drafts[1], "dual", "There is a hole in the consular budget.")
    _response, soup = page(client, q="hole")  # the policy says "hold"
    assert soup.select_one(".suggestion") is None
    assert len(group(soup, "comments")) == 1


@whoosh_only
def test_no_suggestion_comes_from_text_the_public_cannot_read(client, drafts, policy):
    hidden = DraftPageFactory(
        parent=policy,
        title="Draft 3",
        slug="draft-3",
        sections=[section("Secret", level=1, key="secret", text="A hippopotamus clause.")],
    )
    hidden.unpublish()
    comment(drafts[1], "dual", "A giraffe amendment.", is_public=False)

    for misspelt in ("hipopotamus", "girafe"):
        _response, soup = page(client, q=misspelt)
        assert soup.select_one(".suggestion") is None, misspelt


def test_commenters_details_can_never_be_found(client, drafts):
    _draft_1, draft_2 = drafts
    comment(
        draft_2,
        "dual",
        "Citizenship for our children.",
        user_name="Palesa Zwane",
        user_email="palesa.private@example.org",
        gender=Gender.WOMAN,
        organisation="Zwane Family Trust",
        public_identity=PublicIdentity.ANONYMOUS,
    )
    comment(draft_2, "dual", "Unmoderated words about citizenship.", is_public=False)
    comment(draft_2, "dual", "Removed words about citizenship.", is_removed=True)

    for query in ("palesa.private@example.org", "palesa", "Zwane", "woman", "Unmoderated"):
        _response, soup = page(client, q=query)
        assert group(soup, "comments") == [], query
    _response, soup = page(client, q="citizenship")
    text = soup.get_text()
    assert "Anonymous on 1.1 Dual citizenship" in text
    assert "Zwane" not in text and "Removed words" not in text


@whoosh_only
def test_the_index_files_hold_no_e_mail_address_or_name_of_a_commenter(
    client, drafts, search_index
):
    comment(drafts[1], "dual", "Words.", user_name="Mpho Secretname", user_email="mpho@x.org")
    name = search_index.get_index_for_model(SectionComment).name
    index_bytes = b"".join(path.read_bytes() for path in search_index.path.glob(f"*{name}*"))
    assert b"words" in index_bytes  # the comment is there...
    assert b"mpho" not in index_bytes.lower()  # ...its author is not
    assert b"secretname" not in index_bytes.lower()


def test_an_empty_query_asks_for_words_and_a_long_one_is_refused(client, drafts):
    response, soup = page(client, q="   ")
    assert response.status_code == 200
    assert "Type a word or two" in soup.get_text()

    response, soup = page(client, q="remittances " * 30)
    assert response.status_code == 400
    assert "too long: use at most 200 characters" in soup.select_one(".error-summary").get_text()


def test_a_forged_filter_is_a_clear_error(client, drafts):
    response, soup = page(client, q="remittances", draft="999999", page="-3")
    assert response.status_code == 400
    errors = soup.select_one(".error-summary").get_text()
    assert "Select a valid choice" in errors
    assert "greater than or equal to 1" in errors


def test_one_group_is_listed_in_pages(client, drafts):
    for n in range(23):
        comment(drafts[1], "dual", f"Citizenship remark number {n}.")
    _response, soup = page(client, q="citizenship remark")
    assert len(group(soup, "comments")) == 3
    more = soup.find("a", string=re.compile("See all 23 results in comments"))

    response = client.get(SEARCH + more["href"])
    soup = BeautifulSoup(response.content, "html.parser")
    assert group(soup, "text") is None
    assert len(group(soup, "comments")) == 10
    assert "Page 1 of 3" in soup.select_one(".pagination").get_text()
    response = client.get(SEARCH + soup.find("a", rel="next")["href"])
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Page 2 of 3" in soup.select_one(".pagination").get_text()


def test_search_follows_publishing_moving_and_deleting_drafts(client, drafts, policy, home):
    draft_1, draft_2 = drafts
    draft_2.unpublish()
    _response, soup = page(client, q="nationalities")
    assert group(soup, "text") == []

    draft_2.get_latest_revision().publish()
    _response, soup = page(client, q="nationalities")
    assert len(group(soup, "text")) == 1

    # A new version of the text: edited words are found, removed sections are not.
    draft_2 = DraftPage.objects.get(pk=draft_2.pk)
    kept = [s for s in draft_2.sections.all() if s.key != "remittances"]
    kept[1].body = [("paragraph", RichText("<p>Basotho may hold several passports.</p>"))]
    draft_2.sections = kept
    draft_2.save_revision().publish()
    assert group(page(client, q="nationalities")[1], "text") == []
    assert len(group(page(client, q="passports")[1], "text")) == 1
    assert group(page(client, q="three percent")[1], "text") == []

    other = PolicyPageFactory(parent=home, title="Migration policy", slug="migration")
    draft_2.move(other, pos="last-child")
    draft_2.refresh_from_db()
    _response, soup = page(client, q="passports")
    [hit] = group(soup, "text")
    assert hit.select_one("a")["href"].startswith("/migration/draft-2/")
    assert "Migration policy" in hit.get_text()

    draft_2.delete()
    _response, soup = page(client, q="passports")
    assert group(soup, "text") == []


def test_search_follows_moderation_and_edits_of_a_comment(client, drafts):
    held = comment(drafts[1], "dual", "Zebra crossings near the embassy.", is_public=False)
    _response, soup = page(client, q="zebra")
    assert group(soup, "comments") == []

    held.is_public = True
    held.save()
    _response, soup = page(client, q="zebra")
    assert len(group(soup, "comments")) == 1

    held.comment = "Pedestrian crossings near the embassy."
    held.save()
    assert group(page(client, q="zebra")[1], "comments") == []
    assert len(group(page(client, q="pedestrian")[1], "comments")) == 1

    held.is_removed = True
    held.save()
    assert group(page(client, q="pedestrian")[1], "comments") == []


@whoosh_only
def test_without_an_index_the_page_says_search_is_being_rebuilt(client, policy):
    response, soup = page(client, q="remittances")
    assert response.status_code == 503
    assert "Search is being rebuilt" in soup.get_text()


@whoosh_only
@pytest.mark.parametrize("damage", ["table of contents", "segments"])
def test_a_damaged_index_says_search_is_being_rebuilt_and_saving_still_works(
    client, drafts, search_index, damage
):
    pattern = "_*.toc" if damage == "table of contents" else "*.seg"
    for path in search_index.path.glob(pattern):
        path.write_bytes(b"\x00garbage" * 10)

    response, soup = page(client, q="remittances")
    assert response.status_code == 503
    assert "Search is being rebuilt" in soup.get_text()

    saved = comment(drafts[1], "dual", "Still saved while the index is damaged.")
    assert SectionComment.objects.filter(pk=saved.pk).exists()

    call_command("update_index", stdout=io.StringIO())
    _response, soup = page(client, q="damaged")
    assert len(group(soup, "comments")) == 1


@pytest.fixture
def write_behind(settings):
    """Index updates left to the worker, as in production (search_index/write_behind.py)."""
    default = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**default, "WRITE_BEHIND": True, "REBUILD_TASK_BACKEND": "background"}
    }


def index_update_tasks():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path__endswith="apply_index_updates")


@whoosh_only
def test_with_write_behind_the_worker_writes_a_burst_of_saves_in_one_task(
    client, drafts, write_behind, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        held = comment(drafts[1], "dual", "Zebra crossings near the embassy.", is_public=False)
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            comment(drafts[1], "remittances", f"Giraffe fees, remark {n}.")
    with django_capture_on_commit_callbacks(execute=True):
        held.is_public = True
        held.save()

    # Nothing written in the requests: the search does not see them yet...
    assert group(page(client, q="giraffe")[1], "comments") == []
    assert index_update_tasks().count() == 1  # ...and one task was asked for, not five

    run_worker()
    assert len(group(page(client, q="giraffe")[1], "comments")) == 3
    assert len(group(page(client, q="zebra")[1], "comments")) == 1

    # The next save after the task asks for a new one.
    with django_capture_on_commit_callbacks(execute=True):
        held.is_removed = True
        held.save()
    assert index_update_tasks().filter(status="READY").count() == 1
    run_worker()
    assert group(page(client, q="zebra")[1], "comments") == []


@whoosh_only
def test_with_write_behind_a_save_rolled_back_leaves_nothing_in_the_index(
    client, drafts, write_behind, run_worker, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            comment(drafts[1], "dual", "Okapi sightings near the embassy.")
            transaction.set_rollback(True)
    with django_capture_on_commit_callbacks(execute=True):
        comment(drafts[1], "dual", "Zebra crossings near the embassy.")
    run_worker()
    assert group(page(client, q="okapi")[1], "comments") == []
    assert len(group(page(client, q="zebra")[1], "comments")) == 1


@whoosh_only
def test_with_write_behind_an_index_locked_by_another_writer_is_written_later(
    client, drafts, write_behind, settings, run_worker, django_capture_on_commit_callbacks
):
    from django.utils import timezone
    from modelsearch.backends import get_search_backend

    default = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.WAGTAILSEARCH_BACKENDS = {"default": {**default, "WRITE_LOCK_TIMEOUT": 0.1}}
    with django_capture_on_commit_callbacks(execute=True):
        comment(drafts[1], "dual", "Zebra crossings near the embassy.")
    holder = get_search_backend().get_index_for_model(SectionComment).writer()
    try:
        run_worker()  # locked: the task asks to be run again a few seconds later
        waiting = index_update_tasks().filter(status="READY")
        assert waiting.filter(run_after__gt=timezone.now()).count() == 1
    finally:
        holder.cancel()
    assert group(page(client, q="zebra")[1], "comments") == []

    waiting.update(run_after=timezone.now())  # the seconds have passed
    run_worker()
    assert len(group(page(client, q="zebra")[1], "comments")) == 1


def test_queries_do_not_grow_with_the_number_of_results(client, drafts):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(**query):
        client.get(SEARCH, query)  # the site's root paths are cached after the first request
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SEARCH, query).status_code == 200
        return len(captured)

    for n in range(4):
        comment(drafts[1], "dual", f"Citizenship remark {n}.")
    few = queries(q="citizenship remark"), queries(q="citizenship remark", kind="comments")
    for n in range(40):
        comment(drafts[1], ["dual", "remittances"][n % 2], f"Citizenship remark {n}.")
    many = queries(q="citizenship remark"), queries(q="citizenship remark", kind="comments")
    assert many == few


def test_a_draft_behind_a_password_is_not_searched(client, drafts):
    from wagtail.models import PageViewRestriction

    _draft_1, draft_2 = drafts
    PageViewRestriction.objects.create(
        page=draft_2, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    _response, soup = page(client, q="nationalities")
    assert group(soup, "text") == []
    response, _soup = page(client, q="nationalities", draft=draft_2.pk)
    assert response.status_code == 400
