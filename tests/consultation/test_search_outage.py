"""The search index deleted while the site runs: the public search says it is being rebuilt and
queues one rebuild, commenting goes on, and the worker's rebuild brings search back with the
comments posted meanwhile. Real Whoosh index in a temporary folder, real database queue."""

import shutil

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from consultation.models import SectionComment
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import SectionCommentFactory, confirmed_account

pytestmark = pytest.mark.skipif(
    settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "search_index.backend",
    reason="an index folder on disk is Whoosh's",
)
REBUILD_TASK = "search_index.rebuild.rebuild_search_index"


def search(client, words):
    response = client.get("/search/", {"q": words})
    return response, BeautifulSoup(response.content, "html.parser").get_text(" ")


def rebuilds_queued():
    return DBTaskResult.objects.filter(task_path=REBUILD_TASK, backend_name="background")


@pytest.fixture
def stakeholder_client(client, db):
    user = confirmed_account("lineo", "lineo@example.org")
    client.force_login(user)
    return client


def test_a_deleted_index_is_rebuilt_once_and_comments_posted_meanwhile_are_kept(
    stakeholder_client, dual, search_index, settings, run_worker
):
    settings.MODERATION_MODE = "post"  # published at once: searchable after the rebuild
    client = stakeholder_client
    earlier = SectionCommentFactory(section=dual, comment="Citizenship for spouses too.")
    response, text = search(client, "spouses")
    assert response.status_code == 200 and "1 result" in text

    shutil.rmtree(search_index.path)  # rm -rf var/search_index

    for _ in range(3):  # several visitors, before the worker gets to it
        response, text = search(client, "spouses")
        assert response.status_code == 503
        assert response["Retry-After"] == "120"
        assert "Search is being rebuilt and will be back in a few minutes" in text
    assert rebuilds_queued().count() == 1

    response = post_comment(client, dual, comment="Passports for diaspora children, please.")
    assert response.status_code == 302
    posted = SectionComment.objects.get(comment__startswith="Passports")
    assert posted.is_public and posted.user.username == "lineo"

    run_worker("background")

    assert rebuilds_queued().get().status == "SUCCESSFUL"
    response, text = search(client, "passports")
    assert response.status_code == 200 and "1 result" in text
    response, text = search(client, "spouses")
    assert response.status_code == 200 and earlier.get_absolute_url() in response.text


def test_admin_search_without_an_index_asks_for_a_rebuild_with_retry_after(drafter_client, policy):
    response = drafter_client.get("/admin/pages/search/", {"q": "diaspora"})
    assert response.status_code == 503 and response["Retry-After"] == "120"
    assert rebuilds_queued().count() == 1
