"""What a reader on slow data downloads: the public pages of the demo policy, served as in
production (collectstatic with hashed, pre-compressed files; whitenoise; gzip for pages),
measured in Chromium by the bytes that crossed the wire. Figures go to
test-artifacts/page-weight.json for the issue notes."""

import io
import json
import re
import threading
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.urls import reverse

from consultation.models import SectionComment
from policy_docs.models import DraftPage, PolicyPage
from tests.e2e.conftest import ARTIFACTS, VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = 150 * 1024  # the demo draft page, everything included, compressed
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class ThreadedServer(WSGIServer):
    daemon_threads = True

    def process_request(self, request, client_address):
        threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        ).start()

    def process_request_thread(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


@pytest.fixture
def production_static(settings, tmp_path):
    """Static files as `collectstatic` leaves them in production."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


@pytest.fixture
def server(production_static):
    """The application as gunicorn would run it, on a free port of the loopback."""
    httpd = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=ThreadedServer,
        handler_class=QuietHandler,
    )  # fmt: skip
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def weigh(page, url):
    """Load the page; the bytes that crossed the wire (headers and compressed bodies) for
    every request it made, and the requests themselves."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    total, requests = 0, []
    for response in responses:
        sizes = response.request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        total += size
        requests.append(
            {
                "url": response.url,
                "bytes": size,
                "encoding": response.headers.get("content-encoding", ""),
                "cache": response.headers.get("cache-control", ""),
            }
        )
    return total, requests


def public_pages():
    policy = PolicyPage.objects.get(slug="national-diaspora-policy")
    draft = DraftPage.objects.child_of(policy).get(slug="draft-3")
    closed = DraftPage.objects.child_of(policy).get(slug="draft-2")
    busiest = (
        SectionComment.objects.published().filter(section__page=draft).values("section").first()
    )
    return {
        "draft page (open, all sections and comments)": draft.url,
        "home": "/",
        "policy page": policy.url,
        "adopted policy": policy.url + "adopted/",
        "compare drafts": policy.url + "compare/?from=draft-2&to=draft-3",
        "section comment page": reverse("section_comment", args=[busiest["section"]]),
        "what we heard": reverse("what_we_heard", args=[closed.pk]),
        "search results": "/search/?q=remittances",
    }


def test_public_pages_are_light_compressed_cached_and_first_party(browser, server, migrated_data):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("update_index", stdout=io.StringIO())
    figures = {}
    for viewport, (width, height) in VIEWPORTS.items():
        for name, path in public_pages().items():
            # A fresh browser context for each page: nothing comes from the browser's cache.
            context = browser.new_context(viewport={"width": width, "height": height})
            total, requests = weigh(context.new_page(), server + path)
            figures[f"{viewport}: {name}"] = {"bytes": total, "requests": requests}
            context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.json").write_text(json.dumps(figures, indent=2))

    for name, measured in figures.items():
        assert measured["bytes"] > 0, name
        for request in measured["requests"]:
            assert urlsplit(request["url"]).netloc == urlsplit(server).netloc, request
            path = urlsplit(request["url"]).path
            if path.startswith("/static/"):
                assert HASHED_NAME.search(path), request
                assert "max-age=315360000" in request["cache"], request
                assert "immutable" in request["cache"], request
            assert request["encoding"] in {"gzip", "br"} or request["bytes"] < 1000, request

    for viewport in VIEWPORTS:
        draft = figures[f"{viewport}: draft page (open, all sections and comments)"]
        assert draft["bytes"] <= BUDGET, draft
