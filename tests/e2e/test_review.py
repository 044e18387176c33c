"""A drafter reviews feedback in the Wagtail admin in a real Chromium: filters the inbox,
opens a comment, records a decision and a response, and sees it in the listing."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from docx import Document

from consultation.models import FeedbackItem
from tests.consultation.word_reading import matrix_rows
from tests.e2e.conftest import check_accessibility, shot

# Transactional, for the live server.
pytestmark = pytest.mark.django_db(transaction=True)


def drafter_account(django_user_model):
    group = Group.objects.get(name="Policy drafters")
    user = django_user_model.objects.create_user("lineo", "lineo@example.org", "pw-Drafts-42")
    user.groups.add(group)
    return user


def open_inbox(page, live_server):
    """Sign in as the drafter of drafter_account() and open the feedback inbox."""
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("lineo")
    page.get_by_label("Password").fill("pw-Drafts-42")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Feedback", exact=True).click()


def choose_filter(page, name, field, *, value):
    """Wagtail's filters sit in a drill-down menu: open it, open the filter, choose."""
    toggle = page.get_by_role("button", name="Show filters")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    back = page.locator(".w-drilldown__submenu:not([hidden]) .w-drilldown__back")
    if back.count():
        back.click()
    page.locator("button.w-drilldown__toggle", has_text=name).first.click()
    page.locator(field).select_option(value)


def test_drafter_filters_answers_and_sees_the_answer(
    live_server, open_page, django_user_model, migrated_data
):
    call_command("seed_demo", verbosity=0)
    drafter_account(django_user_model)
    target = (
        FeedbackItem.objects.filter(
            gender="woman", sector__name="Diaspora association", campaign__isnull=True
        )
        .order_by("-submitted_at")
        .first()
    )

    page = open_page("desktop")
    open_inbox(page, live_server)

    choose_filter(page, "Gender", "#id_gender", value="woman")
    page.wait_for_url("**gender=woman**")
    sector_id = str(target.sector_id)
    choose_filter(page, "Sector", "#id_sector", value=sector_id)
    page.wait_for_url(f"**sector={sector_id}**")
    page.wait_for_load_state("networkidle")
    shot(page, "desktop-review-inbox-filtered")
    rows = page.locator("table.listing tbody tr")
    # One row per campaign with a matching sender, and each matching item outside one.
    matching = FeedbackItem.objects.in_review().filter(
        gender="woman", sector__name="Diaspora association"
    )
    expected = (
        FeedbackItem.objects.in_review().campaign_leads().filter(pk__in=matching.group_keys())
    )
    assert rows.count() == expected.count()

    page.get_by_role("link", name=target.text[:40]).first.click()
    page.wait_for_url(f"**/admin/feedback/edit/{target.pk}/")
    assert target.text[:60] in page.locator(".feedback-text").inner_text()
    page.locator("#id_status").select_option("answered")
    page.locator("#id_decision").select_option("partly-accepted")
    page.locator("#id_response").fill("Taken up in part: see the revised section.")
    shot(page, "desktop-review-response-form")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/admin/feedback/")

    page.goto(live_server.url + "/admin/feedback/?gender=woman&status=answered")
    listing = page.inner_text("table.listing")
    assert "Partly accepted" in listing
    assert target.text[:40] in listing
    target.refresh_from_db()
    assert (target.status, target.decision) == ("answered", "partly-accepted")

    page.goto(live_server.url + f"/admin/feedback-dashboard/{target.draft_id}/")
    shot(page, "desktop-review-dashboard")
    assert "Gender by sector" in page.inner_text("main")


def test_drafter_exports_the_filtered_feedback_to_word(
    live_server, open_page, django_user_model, migrated_data, tmp_path
):
    call_command("seed_demo", verbosity=0)
    drafter_account(django_user_model)
    page = open_page("desktop")
    open_inbox(page, live_server)
    choose_filter(page, "Gender", "#id_gender", value="woman")
    page.wait_for_url("**gender=woman**")
    page.wait_for_load_state("networkidle")

    # The link sits in the results, which the filters redraw: it carries the new filters.
    page.get_by_role("link", name="Export these to Word…").click()
    assert "Gender: Woman" in page.inner_text("main")
    draft_id = page.locator("#id_draft").input_value()
    page.get_by_role("button", name="Write the Word document").click()
    page.wait_for_url("**/admin/feedback-exports/*/")
    assert "Waiting for the worker" in page.inner_text("main")
    shot(page, "desktop-review-export-waiting")

    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")
    # The page refreshes itself (no JavaScript needed) and offers the file.
    download_link = page.get_by_role("link", name="Download the Word file")
    download_link.wait_for(timeout=30_000)
    shot(page, "desktop-review-export-done")
    with page.expect_download() as download:
        download_link.click()
    path = tmp_path / "feedback.docx"
    download.value.save_as(path)

    rows = [row for _heading, row in matrix_rows(Document(str(path)))]
    women = FeedbackItem.objects.in_review().filter(
        draft_id=draft_id, gender="woman", comment__isnull=False
    )
    assert len(rows) == women.count() > 0
    assert {row["Gender"] for row in rows} == {"Woman"}


def test_an_export_stopped_by_an_erasure_says_so_on_its_page(
    live_server, open_page, django_user_model, migrated_data
):
    call_command("seed_demo", verbosity=0)
    drafter_account(django_user_model)
    commenter = FeedbackItem.objects.filter(comment__isnull=False).first().comment
    page = open_page("desktop")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("lineo")
    page.get_by_label("Password").fill("pw-Drafts-42")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + f"/admin/feedback-exports/new/?draft={commenter.section.page_id}")
    page.get_by_role("button", name="Write the Word document").click()
    page.wait_for_url("**/admin/feedback-exports/*/")
    assert "Waiting for the worker" in page.inner_text("main")

    call_command("erase_personal_data", commenter.user_email, "--yes", stdout=io.StringIO())
    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")
    # The page's status updates itself, then stops refreshing.
    page.get_by_text("This export was stopped").wait_for(timeout=30_000)
    assert page.get_by_role("link", name="Ask for a new export").is_visible()
    page.reload()
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    shot(page, "desktop-review-export-stopped")
    check_accessibility(page, "export stopped by an erasure")
