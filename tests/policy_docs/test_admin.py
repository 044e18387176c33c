"""Drafters at work in the Wagtail admin, through its real views."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from policy_docs.enums import DraftStatus
from policy_docs.models import DraftPage, PolicyPage
from tests.policy_docs.admin_forms import draft_form_data, policy_form_data, section_data
from tests.policy_docs.factories import DraftPageFactory, section


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=("policy_docs", model, parent.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def edit_data(draft, sections, **fields):
    """The editor's form for an existing draft, with `sections` as (pk or None, heading, level,
    key, text) in the new order."""
    rows = [
        {**section_data(heading, level=level, key=key, text=text, pk=pk), "ORDER": str(position)}
        for position, (pk, heading, level, key, text) in enumerate(sections)
    ]
    rows.sort(key=lambda row: "id" not in row)  # Django formsets list existing rows first
    values = {
        "title": draft.title,
        "slug": draft.slug,
        "status": draft.status,
        "opens_at": draft.opens_at.strftime("%Y-%m-%d %H:%M") if draft.opens_at else "",
        "closes_at": draft.closes_at.strftime("%Y-%m-%d %H:%M") if draft.closes_at else "",
        **fields,
    }
    initial = sum(1 for row in sections if row[0] is not None)
    return draft_form_data(rows, initial_sections=initial, **values)


def test_drafter_creates_a_policy_and_its_first_draft_with_sections(drafter_client, home):
    response = drafter_client.post(
        add_url("policypage", home), policy_form_data("National Diaspora Policy", "ndp")
    )
    assert response.status_code == 302
    policy = PolicyPage.objects.get(slug="ndp")
    assert policy.live

    data = draft_form_data(
        [
            section_data("Introduction", level=1),
            section_data("Dual citizenship", level=2, text="Basotho may hold two nationalities."),
            section_data("Who may apply", level=3),
            section_data("Remittances", level=1, key="money-home"),
        ],
        status="open",
        opens_at="2026-03-01 08:00",
        closes_at="2026-04-15 17:00",
    )
    response = drafter_client.post(add_url("draftpage", policy), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = DraftPage.objects.get(slug="draft-1")
    assert draft.live and draft.status == DraftStatus.OPEN
    rows = list(draft.sections.values_list("number", "key", "heading"))
    assert rows == [
        ("1", "introduction", "Introduction"),
        ("1.1", "dual-citizenship", "Dual citizenship"),
        ("1.1.1", "who-may-apply", "Who may apply"),
        ("2", "money-home", "Remittances"),
    ]
    # Typed in Lesotho time (UTC+2), stored time-zone aware.
    assert timezone.localtime(draft.closes_at).hour == 17
    assert draft.closes_at.astimezone(datetime.UTC).hour == 15


def test_editing_reorders_and_retitles_sections_keeping_their_keys(drafter_client, policy):
    draft = DraftPageFactory(
        parent=policy,
        sections=[
            section("Introduction", level=1),
            section("Dual citizenship"),
            section("Remittances"),
        ],
    )
    intro, dual, remit = draft.sections.all()
    data = edit_data(
        draft,
        [
            (intro.pk, "Introduction", 1, intro.key, "Text."),
            (remit.pk, "Remittances and investment", 2, remit.key, "Text."),
            (dual.pk, "Dual citizenship", 2, dual.key, "Reworded."),
        ],
    )
    response = drafter_client.post(edit_url(draft), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = list(draft.sections.values_list("pk", "number", "key", "heading"))
    assert rows == [
        (intro.pk, "1", "introduction", "Introduction"),
        (remit.pk, "1.1", "remittances", "Remittances and investment"),
        (dual.pk, "1.2", "dual-citizenship", "Dual citizenship"),
    ]


def test_duplicate_section_keys_are_refused_and_nothing_is_saved(drafter_client, policy):
    draft = DraftPageFactory(parent=policy, sections=[section("Intro", level=1)])
    (intro,) = draft.sections.all()
    data = edit_data(
        draft,
        [(intro.pk, "Intro", 1, "intro", "Text."), (None, "Copy", 2, "intro", "More.")],
    )
    response = drafter_client.post(edit_url(draft), data)
    assert response.status_code == 200
    assert "keys must be unique" in response.content.decode()
    assert draft.sections.count() == 1


def test_a_window_that_closes_before_it_opens_is_refused(drafter_client, policy):
    data = draft_form_data(
        [section_data("Intro", level=1)],
        status="open",
        opens_at="2026-05-01 08:00",
        closes_at="2026-04-01 08:00",
    )
    response = drafter_client.post(add_url("draftpage", policy), data)
    assert response.status_code == 200
    assert "The consultation must close after it opens." in response.content.decode()
    assert not DraftPage.objects.exists()


def test_only_one_draft_of_a_policy_may_be_open_for_comments(drafter_client, policy):
    DraftPageFactory(parent=policy, title="Draft 1", status=DraftStatus.OPEN)
    data = draft_form_data(
        [section_data("Intro", level=1)],
        title="Draft 2",
        slug="draft-2",
        status="open",
        opens_at="2026-05-01 08:00",
        closes_at="2026-06-01 08:00",
    )
    response = drafter_client.post(add_url("draftpage", policy), data)
    assert response.status_code == 200
    assert "“Draft 1” is already open for comments" in response.content.decode()
    assert not DraftPage.objects.filter(slug="draft-2").exists()


def test_start_next_draft_copies_sections_with_their_keys(drafter_client, policy):
    latest = DraftPageFactory(
        parent=policy,
        title="Draft 1",
        status=DraftStatus.CLOSED,
        changes_summary="<p>Old notes</p>",
        sections=[section("Intro", level=1), section("Dual citizenship", key="dual")],
    )
    url = reverse("policy_docs_start_next_draft", args=[policy.pk])
    page = drafter_client.get(url)
    assert page.status_code == 200 and "Start next draft" in page.content.decode()

    response = drafter_client.post(url)
    new = DraftPage.objects.get(title="Draft 2")
    assert response.status_code == 302 and response.url == edit_url(new)
    assert not new.live and new.status == DraftStatus.PREPARATION
    assert new.opens_at is None and new.changes_summary == ""
    assert list(new.sections.values_list("key", "heading")) == [
        ("intro", "Intro"),
        ("dual", "Dual citizenship"),
    ]
    assert set(new.sections.values_list("pk", flat=True)).isdisjoint(
        latest.sections.values_list("pk", flat=True)
    )
    assert new.get_parent().pk == policy.pk and new.path > latest.path
    # The new draft opens in the editor and its revisions work as usual.
    assert drafter_client.get(edit_url(new)).status_code == 200


def test_start_next_draft_is_refused_while_a_draft_is_unpublished(drafter_client, policy):
    DraftPageFactory(parent=policy, title="Draft 1", sections=[section("Intro", level=1)])
    url = reverse("policy_docs_start_next_draft", args=[policy.pk])
    drafter_client.post(url)
    response = drafter_client.post(url, follow=True)
    assert "“Draft 2” is not published yet" in response.content.decode()
    assert DraftPage.objects.count() == 2


def test_start_next_draft_is_offered_on_the_policy_in_the_page_explorer(drafter_client, policy):
    response = drafter_client.get(reverse("wagtailadmin_explore", args=[policy.pk]))
    assert reverse("policy_docs_start_next_draft", args=[policy.pk]) in response.content.decode()


def test_an_adopted_draft_cannot_be_edited(drafter_client, policy):
    adopted = DraftPageFactory(parent=policy, title="Adopted policy", status=DraftStatus.ADOPTED)
    response = drafter_client.get(edit_url(adopted), follow=True)
    assert "has been adopted and can no longer be edited" in response.content.decode()
    response = drafter_client.post(edit_url(adopted), edit_data(adopted, [], title="Changed"))
    adopted.refresh_from_db()
    assert adopted.title == "Adopted policy"


@pytest.mark.parametrize(
    "url",
    [
        lambda policy: reverse("wagtailadmin_home"),
        lambda policy: reverse("wagtailadmin_pages:edit", args=[policy.pk]),
        lambda policy: reverse("policy_docs_start_next_draft", args=[policy.pk]),
    ],
)
def test_anonymous_users_are_kept_out_of_the_admin(client, policy, url):
    response = client.get(url(policy))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    assert client.post(url(policy)).status_code == 302


def test_a_user_without_page_permissions_cannot_start_a_draft(client, policy, django_user_model):
    user = django_user_model.objects.create_user("reader", "r@example.org", "pw")
    client.force_login(user)
    url = reverse("policy_docs_start_next_draft", args=[policy.pk])
    assert client.post(url).status_code in (302, 403)
    assert not DraftPage.objects.exists()


def test_saving_a_draft_revision_leaves_the_published_sections_until_it_is_published(
    drafter_client, policy
):
    draft = DraftPageFactory(parent=policy, sections=[section("Intro", level=1)])
    (intro,) = draft.sections.all()
    data = edit_data(draft, [(intro.pk, "Introduction, revised", 1, intro.key, "New.")])
    data.pop("action-publish")
    assert drafter_client.post(edit_url(draft), data).status_code == 302
    assert draft.sections.get().heading == "Intro"  # the public still reads the published text
    draft.refresh_from_db()
    latest = draft.get_latest_revision_as_object()
    assert [s.heading for s in latest.sections.all()] == ["Introduction, revised"]

    draft.get_latest_revision().publish()
    assert draft.sections.get().heading == "Introduction, revised"
    assert draft.sections.get().pk == intro.pk  # the same row: comments stay attached


def test_preview_shows_unsaved_sections_renumbered(drafter_client, policy):
    draft = DraftPageFactory(
        parent=policy, sections=[section("Intro", level=1), section("Dual citizenship")]
    )
    intro, dual = draft.sections.all()
    data = edit_data(
        draft,
        [
            (intro.pk, "Intro", 1, intro.key, "Text."),
            (None, "Remittances", 2, "", "New section."),
            (dual.pk, "Dual citizenship", 2, dual.key, "Text."),
        ],
    )
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    assert drafter_client.post(url, data).json()["is_valid"] is True
    html = drafter_client.get(url).content.decode()
    assert '<span class="number">1.1</span> Remittances' in html
    assert 'id="section-remittances"' in html
    assert '<span class="number">1.2</span> Dual citizenship' in html
    assert draft.sections.count() == 2  # nothing saved


def test_drafters_find_pages_in_the_admin_through_the_search_index(
    search_index, drafter_client, policy
):
    DraftPageFactory(parent=policy, title="Remittances draft", slug="remittances-draft")
    response = drafter_client.get("/admin/pages/search/", {"q": "remitt"})
    assert response.status_code == 200
    assert "Remittances draft" in response.content.decode()


def test_admin_search_without_an_index_says_it_is_being_rebuilt(drafter_client, policy):
    response = drafter_client.get("/admin/pages/search/", {"q": "policy"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "Search is being rebuilt" in page
    assert "python manage.py update_index" in page
