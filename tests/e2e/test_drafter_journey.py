"""A policy drafter's whole journey through the Wagtail admin, in a real Chromium, at desktop
and at phone width: starts the next draft of the demo policy, imports a Word draft instead,
answers a comment from the feedback inbox, exports the feedback to Word, closes the
consultation, publishes the responses, and the public reads the response under the comment.
Each of our admin views on the way is checked with axe-core."""

import json

import pytest
from django.core.management import call_command
from django.db.models import Max
from docx import Document

from consultation.models import FeedbackExport, FeedbackItem, ResponsePublication, SectionComment
from policy_docs.enums import DraftStatus
from policy_docs.models import DraftPage, PolicyPage
from tests.consultation.word_reading import matrix_rows
from tests.e2e.conftest import ARTIFACTS, WCAG_AA_TAGS, check_accessibility, shot
from tests.e2e.test_review import choose_filter, drafter_account

# Transactional, for the live server.
pytestmark = pytest.mark.django_db(transaction=True)

RESPONSE = "Taken up: section {number} is reworded in the next draft to meet this point."

# The Word draft: a title (set aside by the importer), an introduction, then two sections
# whose headings match Draft 3's (their keys carry over) and one new section.
WORD_DRAFT = [
    ("title", "National Diaspora Policy: revised draft"),
    ("p", "This revision follows the comments received on Draft 3."),
    ("h1", "Policy areas"),
    ("p", "The policy covers the areas below."),
    ("h2", "Dual citizenship"),
    ("p", "Basotho abroad may hold the citizenship of another country."),
    ("bold", "Applications are free of charge."),
    ("h2", "Climate and migration"),
    ("p", "Drought drives migration from the lowlands; the Directorate will study it."),
]


def word_draft(path):
    document = Document()
    for kind, text in WORD_DRAFT:
        if kind == "title":
            document.add_paragraph(text, style="Title")
        elif kind in ("h1", "h2"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "bold":
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_paragraph(text)
    document.save(path)
    return path


def wait_for_messages(page):
    """Wagtail's flash messages fade in (0.5 s): halfway through, axe measures the white text
    of a message on a half-transparent green and fails its contrast. Wait until they are in."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.messages > ul')]"
        ".every(list => getComputedStyle(list).opacity === '1')"
    )


# The tables in <main> that stick out of it with no scrolling box of their own between: the
# admin's main column hides what overflows it, so their last columns can't be reached.
CLIPPED_TABLES = """() => [...document.querySelectorAll("main table")].filter(table => {
    const main = table.closest("main");
    for (let box = table.parentElement; box !== main; box = box.parentElement) {
        if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return false;
    }
    return table.getBoundingClientRect().right > main.getBoundingClientRect().right + 1;
}).map(table => table.querySelector("caption, th").textContent.trim())"""


def assert_tables_reachable(page, name):
    assert page.evaluate(CLIPPED_TABLES) == [], f"{name}: tables cut off at the right"


def snap(page, name):
    """shot() once Wagtail's flash messages are in place."""
    wait_for_messages(page)
    shot(page, name)


def check_settled(page, name):
    """check_accessibility on the page as a drafter sees it once it has settled, and no table
    cut off (axe does not look at reflow)."""
    wait_for_messages(page)
    assert_tables_reachable(page, name)
    check_accessibility(page, name)


# Wagtail's tag field (AdminTagWidget, used for the response form's themes) is turned by
# Wagtail's bundled jQuery tag-it into a <ul class="tagit"> whose new-tag <input> has no label
# (the labelled <input id="id_themes"> is hidden). The markup is Wagtail's own, not ours.
WAGTAIL_TAG_IT_INPUT = ("label", "ul.tagit > li.tagit-new > input.ui-autocomplete-input")


def check_accessibility_except(page, name, known):
    """check_accessibility, less the nodes of one axe rule that match one selector: a known
    defect of Wagtail's own markup. The defect must still be there, so that the exclusion is
    dropped once Wagtail fixes it."""
    from axe_playwright_python.sync_playwright import Axe

    wait_for_messages(page)
    assert_tables_reachable(page, name)
    rule, selector = known
    options = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}}
    violations = Axe().run(page, options=options).response["violations"]
    excluded = []
    for violation in violations:
        if violation["id"] != rule:
            continue
        kept = []
        for node in violation["nodes"]:
            target = node["target"]
            known_node = len(target) == 1 and page.locator(target[0]).first.evaluate(
                "(element, selector) => element.matches(selector)", selector
            )
            (excluded if known_node else kept).append(node)
        violation["nodes"] = kept
    violations = [violation for violation in violations if violation["nodes"]]
    by_impact = {}
    for violation in violations:
        by_impact.setdefault(violation["impact"], []).append(violation["id"])
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "axe.jsonl", "a") as log:
        entry = {"page": name, "url": page.url, "violations": by_impact}
        log.write(json.dumps({**entry, "excluded": [rule, selector, len(excluded)]}) + "\n")
    assert excluded, f"{name}: Wagtail no longer fails {rule} at {selector}: drop the exclusion"
    blocking = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
    ]
    assert not blocking, f"{name}: " + "; ".join(blocking)


def open_menu_item(page, name):
    """The sidebar's menu: folded away behind its toggle at phone width."""
    link = page.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        page.get_by_role("button", name="Toggle sidebar").first.click()
    link.click()


def close_filters(page):
    """Close the filters' menu, and wait for it to fade out, so that the listing is seen (and
    checked) as the drafter sees it."""
    page.keyboard.press("Escape")
    page.locator("#filters-drilldown [data-tippy-root][hidden]").wait_for(state="attached")


def target_comment(draft):
    """A public comment from a woman on the draft, still new, outside any campaign, and the
    latest on its section, so that the draft page shows it."""
    latest = (
        SectionComment.objects.published()
        .filter(section__page=draft, level=0)
        .values("section")
        .annotate(latest=Max("submit_date"))
    )
    newest = {row["section"]: row["latest"] for row in latest}
    candidates = FeedbackItem.objects.in_review().filter(
        draft=draft,
        gender="woman",
        status="new",
        is_reply=False,
        is_public=True,
        campaign__isnull=True,
        campaign_size=1,
        comment__isnull=False,
    )
    for item in candidates.select_related("comment").order_by("-submitted_at"):
        if newest.get(item.section_id) == item.comment.submit_date:
            return item
    raise AssertionError("The demo has no fitting comment on " + draft.title)


def sign_in(page, live_server, viewport):
    page.goto(live_server.url + "/admin/")
    assert "/admin/login/" in page.url
    page.get_by_label("Username").fill("lineo")
    page.get_by_label("Password").fill("pw-Drafts-42")
    snap(page, f"{viewport}-journey-01-login")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.wait_for_load_state("networkidle")
    snap(page, f"{viewport}-journey-02-admin-home")


def start_next_draft(page, live_server, viewport, policy, previous):
    page.goto(live_server.url + f"/admin/pages/{policy.pk}/")
    page.get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Start next draft").click()
    page.wait_for_url(f"**/admin/policy-docs/{policy.pk}/start-next-draft/")
    main = page.locator("main").inner_text()
    assert f"will be made from “{previous.title}”" in main
    snap(page, f"{viewport}-journey-03-start-next-draft")
    check_settled(page, f"{viewport}-start-next-draft")
    page.get_by_role("button", name="Start next draft").click()
    page.wait_for_url("**/admin/pages/*/edit/")

    started = DraftPage.objects.child_of(policy).get(live=False)
    assert page.url.endswith(f"/admin/pages/{started.pk}/edit/")
    count = previous.sections.count()
    assert f"“Draft 4” was started from the latest draft with its {count} sections" in (
        page.locator(".messages").inner_text()
    )
    assert page.locator("#id_title").input_value() == "Draft 4"
    status = page.locator("#id_status")
    assert status.locator("option:checked").inner_text().strip() == "In preparation"
    headings = page.locator("input[name^='sections-'][name$='-heading']")
    old = list(previous.sections.order_by("sort_order").values_list("key", "heading"))
    assert [headings.nth(i).input_value() for i in range(headings.count())] == [h for _k, h in old]
    snap(page, f"{viewport}-journey-04-next-draft-in-editor")
    assert (started.title, started.status) == ("Draft 4", DraftStatus.PREPARATION)
    assert list(started.sections.order_by("sort_order").values_list("key", "heading")) == old
    return started


def delete_started_draft(page, viewport, started):
    """The import page says the started draft must go first: the drafter deletes it."""
    page.get_by_role("button", name=f"More options for '{started.title}'").click()
    page.get_by_role("link", name="Delete", exact=True).click()
    page.wait_for_url(f"**/admin/pages/{started.pk}/delete/**")
    page.get_by_role("button", name="Yes, delete it").click()
    page.wait_for_url(f"**/admin/pages/{started.get_parent().pk}/")
    assert f"'{started.title}' deleted" in page.locator(".messages").inner_text()
    snap(page, f"{viewport}-journey-06-started-draft-deleted")
    assert not DraftPage.objects.filter(pk=started.pk).exists()


def import_word_draft(page, live_server, viewport, policy, previous, started, tmp_path):
    page.goto(live_server.url + f"/admin/pages/{policy.pk}/")
    page.get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Import Word draft").click()
    page.wait_for_url(f"**/admin/policy-docs/{policy.pk}/import-word-draft/")
    warning = page.locator("main .help-warning")
    assert "“Draft 4” is not published yet: publish or delete it" in warning.inner_text()
    snap(page, f"{viewport}-journey-05-import-refused-while-pending")
    check_settled(page, f"{viewport}-import-form-pending")

    page.goto(live_server.url + f"/admin/pages/{policy.pk}/")
    delete_started_draft(page, viewport, started)

    page.get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Import Word draft").click()
    page.wait_for_url(f"**/admin/policy-docs/{policy.pk}/import-word-draft/")
    assert not page.locator("main .help-warning").count()
    path = word_draft(tmp_path / "revised-draft.docx")
    page.get_by_label("Word document (.docx)").set_input_files(path)
    snap(page, f"{viewport}-journey-07-import-form")
    check_settled(page, f"{viewport}-import-form")
    page.get_by_role("button", name="Import").click()

    # The worker reads the document: the page follows it, then shows the report in place.
    page.wait_for_url(f"**/admin/policy-docs/{policy.pk}/word-imports/*/")
    status = page.locator("#import-status")
    assert "Waiting for the worker" in status.inner_text()
    assert "Step 1 of 3" in status.inner_text()
    snap(page, f"{viewport}-journey-08a-import-waiting")
    check_settled(page, f"{viewport}-import-waiting")
    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")

    summary = page.locator("main .help-info")
    summary.wait_for(timeout=30_000)
    assert "Draft created" in status.inner_text()
    assert summary.inner_text().strip() == (
        "“Draft 4” was imported with 3 sections. 2 sections kept their keys from "
        f"“{previous.title}”. It stays unpublished, in preparation, until you publish it."
    )
    report = page.locator("main table.listing tbody tr")
    rows = [report.nth(i).locator("td").all_inner_texts() for i in range(report.count())]
    keys = dict(previous.sections.values_list("heading", "key"))
    assert [row[:4] for row in rows] == [
        ["1", "Policy areas", "Chapter", f"{keys['Policy areas']} (kept from Draft 3)"],
        ["1.1", "Dual citizenship", "Section", f"{keys['Dual citizenship']} (kept from Draft 3)"],
        ["1.2", "Climate and migration", "Section", "climate-and-migration (new)"],
    ]
    assert "Introduction: 1 paragraph." in page.locator("main").inner_text()
    snap(page, f"{viewport}-journey-08-import-report")
    check_settled(page, f"{viewport}-import-report")

    imported = DraftPage.objects.child_of(policy).get(live=False)
    assert (imported.title, imported.status) == ("Draft 4", DraftStatus.PREPARATION)
    assert list(imported.sections.order_by("sort_order").values_list("key", "heading")) == [
        (keys["Policy areas"], "Policy areas"),
        (keys["Dual citizenship"], "Dual citizenship"),
        ("climate-and-migration", "Climate and migration"),
    ]
    assert "Applications are free of charge." in str(
        imported.sections.get(heading="Dual citizenship").body
    )

    page.get_by_role("link", name="Edit “Draft 4”").click()
    page.wait_for_url(f"**/admin/pages/{imported.pk}/edit/")
    headings = page.locator("input[name^='sections-'][name$='-heading']")
    assert headings.evaluate_all("inputs => inputs.map(i => i.value)") == [
        "Policy areas",
        "Dual citizenship",
        "Climate and migration",
    ]
    snap(page, f"{viewport}-journey-09-imported-draft-in-editor")
    return imported


def answer_in_inbox(page, viewport, draft, target, response):
    open_menu_item(page, "Feedback")
    page.wait_for_url("**/admin/feedback/")
    choose_filter(page, "Draft", "#id_draft", value=str(draft.pk))
    page.wait_for_url(f"**draft={draft.pk}**")
    choose_filter(page, "Gender", "#id_gender", value="woman")
    page.wait_for_url("**gender=woman**")
    choose_filter(page, "Status", "#id_status", value="new")
    page.wait_for_url("**status=new**")
    page.wait_for_load_state("networkidle")
    close_filters(page)
    matching = FeedbackItem.objects.in_review().filter(draft=draft, gender="woman", status="new")
    expected = (
        FeedbackItem.objects.in_review().campaign_leads().filter(pk__in=matching.group_keys())
    )
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == expected.count() > 1
    assert f"{expected.count()} distinct items from {matching.count()} people" in (
        page.locator("#feedback-totals").inner_text()
    )
    snap(page, f"{viewport}-journey-10-inbox-filtered")
    check_settled(page, f"{viewport}-feedback-inbox")

    page.get_by_role("link", name=target.text[:40]).first.click()
    page.wait_for_url(f"**/admin/feedback/edit/{target.pk}/")
    assert target.text[:60] in page.locator(".feedback-text").inner_text()
    page.locator("#id_status").select_option("answered")
    page.locator("#id_decision").select_option("accepted")
    page.locator("#id_response").fill(response)
    snap(page, f"{viewport}-journey-11-response-form")
    check_accessibility_except(page, f"{viewport}-respond", WAGTAIL_TAG_IT_INPUT)
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/admin/feedback/")
    assert f"Your response to {target} was saved." in page.locator(".messages").inner_text()
    target.refresh_from_db()
    assert (target.status, target.decision, target.response) == ("answered", "accepted", response)

    choose_filter(page, "Draft", "#id_draft", value=str(draft.pk))
    page.wait_for_url(f"**draft={draft.pk}**")
    choose_filter(page, "Status", "#id_status", value="answered")
    page.wait_for_url("**status=answered**")
    page.wait_for_load_state("networkidle")
    close_filters(page)
    answered = page.locator("table.listing tbody tr")
    assert answered.count() == 1
    assert "Accepted" in answered.inner_text() and target.text[:40] in answered.inner_text()
    snap(page, f"{viewport}-journey-12-inbox-answered")


def export_to_word(page, live_server, viewport, draft, target, response, tmp_path):
    page.goto(live_server.url + f"/admin/feedback-dashboard/{draft.pk}/")
    main = page.locator("main")
    assert "Gender by sector" in main.inner_text()
    assert "The responses can be published once the consultation on this draft has closed." in (
        main.inner_text()
    )
    assert not page.get_by_role("link", name="Publish the responses…").count()
    snap(page, f"{viewport}-journey-13-dashboard-open-draft")
    check_settled(page, f"{viewport}-dashboard")

    page.get_by_role("link", name="Export to Word…").click()
    page.wait_for_url("**/admin/feedback-exports/new/**")
    # The dashboard's link carries the draft, which the page lists as the one filter.
    assert f"Draft: {draft.title}" in main.inner_text()
    assert page.locator("#id_draft").input_value() == str(draft.pk)
    snap(page, f"{viewport}-journey-14-export-start")
    check_settled(page, f"{viewport}-export-start")
    page.get_by_role("button", name="Write the Word document").click()
    page.wait_for_url("**/admin/feedback-exports/*/")
    assert "Waiting for the worker" in page.locator("#export-status").inner_text()
    snap(page, f"{viewport}-journey-15-export-waiting")
    check_settled(page, f"{viewport}-export-waiting")

    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")
    download_link = page.get_by_role("link", name="Download the Word file")
    download_link.wait_for(timeout=30_000)
    assert "Ready to download" in page.locator("#export-status").inner_text()
    snap(page, f"{viewport}-journey-16-export-done")
    check_settled(page, f"{viewport}-export-done")
    export = FeedbackExport.objects.get()
    assert (export.draft_id, export.status, export.public) == (draft.pk, "done", False)
    with page.expect_download() as download:
        download_link.click()
    path = tmp_path / "feedback.docx"
    download.value.save_as(path)

    section = target.section
    rows = matrix_rows(Document(str(path)))
    answered = [(heading, row) for heading, row in rows if row["Comment"] == target.text.strip()]
    assert len(answered) == 1
    heading, row = answered[0]
    assert heading == f"{section.number} {section.heading}"
    assert (row["Drafters' response"], row["Decision"], row["Gender"]) == (
        response,
        "Accepted",
        "Woman",
    )
    in_review = FeedbackItem.objects.in_review().filter(draft=draft, comment__isnull=False)
    assert len(rows) == in_review.count()


def close_consultation(page, live_server, viewport, draft):
    """The drafter closes the consultation on the draft in Wagtail's editor and publishes."""
    page.goto(live_server.url + f"/admin/pages/{draft.pk}/edit/")
    page.locator("#id_status").select_option(DraftStatus.CLOSED)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/admin/pages/{draft.get_parent().pk}/")
    snap(page, f"{viewport}-journey-17-consultation-closed")
    draft.refresh_from_db()
    assert draft.status == DraftStatus.CLOSED and not draft.is_open_for_comments()


def publish_responses(page, live_server, viewport, draft):
    page.goto(live_server.url + f"/admin/feedback-dashboard/{draft.pk}/")
    page.get_by_role("link", name="Publish the responses…").click()
    page.wait_for_url(f"**/admin/feedback-dashboard/{draft.pk}/publish-responses/")
    answered = FeedbackItem.objects.in_review().filter(draft=draft, status="answered").count()
    total = FeedbackItem.objects.in_review().filter(draft=draft).count()
    assert answered == 1
    assert f"{answered} of {total} contributions are answered" in (
        page.locator("main").inner_text()
    )
    snap(page, f"{viewport}-journey-18-publish-responses")
    check_settled(page, f"{viewport}-publish-responses")
    assert not ResponsePublication.objects.filter(draft=draft).exists()
    page.get_by_role("button", name="Yes, publish the responses").click()
    page.wait_for_url(f"**/admin/feedback-dashboard/{draft.pk}/")
    assert f"The responses to {draft.title} are public" in page.locator(".messages").inner_text()
    assert "The responses were published on" in page.locator("main").inner_text()
    snap(page, f"{viewport}-journey-19-responses-published")
    check_settled(page, f"{viewport}-dashboard-published")
    assert ResponsePublication.objects.get(draft=draft).published_by.username == "lineo"


def public_sees_the_response(public, live_server, viewport, draft, target, response):
    public.goto(live_server.url + draft.url)
    assert "/admin/" not in public.url
    comment = public.locator(f"#c{target.comment_id}")
    assert target.text[:60] in comment.locator(".comment-text").inner_text()
    answer = comment.locator(".drafters-response")
    assert "Drafters' response: Accepted" in answer.inner_text()
    assert response in answer.inner_text()
    comment.scroll_into_view_if_needed()
    shot(public, f"{viewport}-journey-20-public-response")

    public.get_by_role("link", name="What we heard", exact=True).click()
    public.wait_for_url(f"**/drafts/{draft.pk}/what-we-heard/")
    assert "What the drafters did with it" in public.locator("main").inner_text()
    # Our one decision, from a woman: a group too small to count in public, and alone in its
    # table, so the whole table is withheld (its column total would give it away).
    decisions = public.get_by_role("table", name="Decisions by gender").locator("tbody tr")
    assert decisions.locator("th").all_inner_texts() == []
    assert decisions.locator("td").all_inner_texts() == [
        "Not shown: too few people to break down without singling someone out."
    ]
    shot(public, f"{viewport}-journey-21-public-what-we-heard")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_drafter_starts_imports_answers_exports_and_publishes_responses(
    viewport, live_server, open_page, django_user_model, migrated_data, tmp_path
):
    call_command("seed_demo", verbosity=0)
    drafter_account(django_user_model)
    policy = PolicyPage.objects.get()
    open_draft = DraftPage.objects.child_of(policy).get(slug="draft-3")
    target = target_comment(open_draft)
    response = RESPONSE.format(number=target.section.number)

    page = open_page(viewport)
    sign_in(page, live_server, viewport)
    started = start_next_draft(page, live_server, viewport, policy, open_draft)
    import_word_draft(page, live_server, viewport, policy, open_draft, started, tmp_path)
    answer_in_inbox(page, viewport, open_draft, target, response)
    export_to_word(page, live_server, viewport, open_draft, target, response, tmp_path)
    close_consultation(page, live_server, viewport, open_draft)
    publish_responses(page, live_server, viewport, open_draft)

    public = open_page(viewport)  # a new browser context: not signed in
    public_sees_the_response(public, live_server, viewport, open_draft, target, response)
