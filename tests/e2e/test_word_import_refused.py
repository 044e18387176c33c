"""A drafter uploads a hostile Word file in a real Chromium: the import page waits for the
worker, then shows the refusal in place (with JavaScript) or on its next reload (without),
and the page passes axe-core."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from policy_docs.models import DraftImport, DraftPage
from tests.e2e.conftest import check_accessibility, shot
from tests.e2e.test_review import drafter_account
from tests.policy_docs.factories import HomePageFactory, PolicyPageFactory
from tests.security import hostile_docx as hostile

pytestmark = pytest.mark.django_db(transaction=True)

REFUSAL = "The document's tables have more than 50,000 cells"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_hostile_file_is_refused_on_the_import_page(
    javascript, live_server, open_page, django_user_model, migrated_data, tmp_path
):
    home = HomePageFactory(parent=Page.get_first_root_node())
    policy = PolicyPageFactory(parent=home, title="National Diaspora Policy", slug="diaspora")
    drafter_account(django_user_model)
    path = tmp_path / "annex.docx"
    path.write_bytes(hostile.padded_table())

    page = open_page("desktop", javascript=javascript)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("lineo")
    page.get_by_label("Password").fill("pw-Drafts-42")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + f"/admin/policy-docs/{policy.pk}/import-word-draft/")
    page.get_by_label("Word document (.docx)").set_input_files(path)
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(f"**/admin/policy-docs/{policy.pk}/word-imports/*/")
    assert "Waiting for the worker" in page.locator("#import-status").inner_text()

    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")

    refusal = page.locator("#import-status .help-critical")
    refusal.wait_for(timeout=30_000)  # swapped in by the script, or reloaded by the page
    assert refusal.inner_text().startswith(REFUSAL)
    assert page.get_by_role("link", name="Import another file").is_visible()
    shot(page, f"desktop-word-import-refused-{'js' if javascript else 'no-js'}")
    if javascript:  # axe-core runs in the page
        check_accessibility(page, "word-import-refused")
    assert not DraftPage.objects.exists()
    assert DraftImport.objects.get().status == "refused"
