"""While the database cannot be reached, the site answers 503 with Retry-After and a page
saying that nothing was saved, never the server error page, whether a view or a middleware
met the failure. A comment whose storing fails half-way leaves nothing behind, sign-ins cut
off do not count as failed ones, and a worker replaces a connection the server dropped."""

import json
import os
import subprocess
import sys
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from consultation.models import FeedbackItem, SectionComment
from tests.consultation.comment_forms import post_comment
from tests.consultation.factories import confirmed_account

ROOT = Path(__file__).resolve().parents[2]
UNAVAILABLE = "The service is briefly unavailable"

# Run in a process of its own whose database is a closed port: every connection really fails.
REQUESTS_WHILE_DOWN = """
import json
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
comment = {"content_type": "policy_docs.draftsection", "object_pk": "1", "comment": "Hello"}
answers = {}
for method, path, data in [
    ("get", "/", None),  # a Wagtail page: the view's first query fails
    ("post", "/consultation/comments/post/", comment),
    ("get", "/robots.txt", None),  # no view: Wagtail's redirect middleware queries on a 404
]:
    response = getattr(client, method)(path, data)
    answers[f"{method} {path}"] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode(),
    }
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def answers_while_database_is_down():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="consultation.settings.test",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/consultation",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", REQUESTS_WHILE_DOWN], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "request_line", ["get /", "post /consultation/comments/post/", "get /robots.txt"]
)
def test_while_the_database_is_down_every_request_gets_the_503_page(
    answers_while_database_is_down, request_line
):
    answer = answers_while_database_is_down[request_line]
    assert answer["status"] == 503
    assert answer["retry_after"] == "60"
    assert UNAVAILABLE in answer["body"] and "Nothing you sent just now was saved" in answer["body"]
    assert "Server error" not in answer["body"] and "Traceback" not in answer["body"]


def test_the_503_page_has_no_inline_style_or_script():
    html = (ROOT / "templates" / "503.html").read_text()
    assert "<style" not in html and "<script" not in html and "style=" not in html


@pytest.fixture
def stakeholder(django_user_model):
    return confirmed_account("thabo", "thabo@example.org")


@pytest.fixture
def connection_lost_after_the_comment_row():
    """The database goes away after the comment's row is written, as its feedback item is."""

    def lose_connection(sender, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    post_save.connect(lose_connection, sender=FeedbackItem)
    yield
    post_save.disconnect(lose_connection, sender=FeedbackItem)


@pytest.mark.usefixtures("connection_lost_after_the_comment_row")
def test_a_comment_whose_feedback_item_fails_leaves_no_comment_and_gets_the_503_page(
    dual, stakeholder
):
    client = Client(raise_request_exception=False)
    client.force_login(stakeholder)
    response = post_comment(client, dual, comment="Cut off half-way.", consent="on")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert UNAVAILABLE in response.content.decode()
    assert not SectionComment.objects.exists()
    assert not FeedbackItem.objects.exists()


def served_status(application, path="/") -> str:
    """One request through the WSGI handler as gunicorn makes it: Django's request_started and
    request_finished decide whether the worker's connection is kept, checked or replaced (the
    test client skips that)."""
    path, _, query = path.partition("?")
    environ = {"PATH_INFO": path, "QUERY_STRING": query}
    setup_testing_defaults(environ)
    statuses = []
    body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    body.close()
    return statuses[0]


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_server_dropped_is_replaced_before_the_next_request(
    migrated_data, home
):
    """What a PostgreSQL restart does to every worker's kept connection."""
    if connection.vendor != "postgresql":
        pytest.skip("ends the connection with PostgreSQL's pg_terminate_backend")
    application = WSGIHandler()
    assert served_status(application) == "200 OK"
    kept = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [kept])
    # A query string the front page does not declare: made afresh, not from the page cache
    # (which would answer without touching the database).
    assert served_status(application, "/?after=restart") == "200 OK"
    assert connection.connection.info.backend_pid != kept


def database_down(execute, sql, params, many, context):
    """Django's database instrumentation: every query fails as on a dropped connection."""
    raise OperationalError("server closed the connection unexpectedly")


def test_sign_ins_cut_off_by_the_database_do_not_use_up_the_failed_sign_in_allowance(
    django_user_model,
):
    user = django_user_model.objects.create_user("palesa", "palesa@example.org", "right-pw-42")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client(raise_request_exception=False)
    credentials = {"login": "palesa@example.org", "password": "right-pw-42"}
    Site.objects.get_current()  # cached by every worker that has served a page
    with connection.execute_wrapper(database_down):
        for _ in range(12):  # more than the 10 failures a minute allowed from one address
            assert client.post(reverse("account_login"), credentials).status_code == 503

    assert client.post(reverse("account_login"), credentials).status_code == 302
