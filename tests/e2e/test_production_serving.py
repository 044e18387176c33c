"""The platform as production runs it: gunicorn, consultation.settings.production from a
sample environment, static files collected and served by whitenoise. Chromium reads the
public pages behind an HTTPS proxy (X-Forwarded-Proto) and finds the security headers on
every page and not one Content Security Policy violation."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import shot

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

PUBLIC_PAGES = [
    "/",
    "/national-diaspora-policy/",
    "/national-diaspora-policy/draft-3/",
    "/national-diaspora-policy/adopted/",
    "/national-diaspora-policy/compare/?from=draft-2&to=draft-3",
    "/search/?q=remittances",
    "/accounts/login/",
    "/accounts/signup/",
]
SECURITY_HEADERS = {
    "strict-transport-security": "max-age=31536000; includeSubDomains; preload",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(folder: Path) -> dict:
    """What an operator sets: a secret, the host names, the database; folders for the rest."""
    # Not the test run's own settings (this folder's conftest sets DJANGO_ALLOW_ASYNC_UNSAFE).
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "consultation.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "SEARCH_INDEX_PATH": str(folder / "search"),
    }


def manage(env, *args):
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = production_environment(folder)
    for command in (["migrate", "--no-input"], ["seed_demo"], ["update_index"],
                    ["collectstatic", "--no-input"]):  # fmt: skip
        manage(env, *command)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(GUNICORN), "consultation.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


def test_public_pages_carry_the_security_headers_and_break_no_csp_rule(browser, gunicorn):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, extra_http_headers={"X-Forwarded-Proto": "https"}
    )
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    try:
        for path in PUBLIC_PAGES:
            response = page.goto(gunicorn + path)
            assert response.status == 200, path
            headers = response.headers
            for name, value in SECURITY_HEADERS.items():
                assert headers.get(name) == value, (path, name, headers.get(name))
            policy = headers["content-security-policy"]
            assert "default-src 'self'" in policy and "script-src 'self'" in policy, policy
            assert "frame-ancestors 'none'" in policy, policy
            # The stylesheet loaded and applied: the header is not the browser's default white.
            background = page.evaluate(
                "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
            )
            assert background != "rgba(0, 0, 0, 0)", path
            assert page.evaluate("window.cspViolations") == [], path

        # Scripts and forms work under the policy: the quote helper on a section's page, the
        # search form and the language switcher (a form posting to this site).
        page.goto(gunicorn + "/national-diaspora-policy/draft-3/")
        page.locator("a.button", has_text="Comment on this section").first.click()
        assert page.locator("[data-quote-source]").count() == 1
        page.get_by_role("button", name="Sesotho").click()
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.lang") == "st"
        shot(page, "production-section-page-sesotho")
        assert page.evaluate("window.cspViolations") == []
        assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    finally:
        context.close()


def test_static_files_come_hashed_compressed_and_cached_for_a_year(browser, gunicorn):
    context = browser.new_context(extra_http_headers={"X-Forwarded-Proto": "https"})
    page = context.new_page()
    styles = []
    page.on("response", lambda r: r.url.endswith(".css") and styles.append(r))
    try:
        page.goto(gunicorn + "/")
        (stylesheet,) = styles
        assert stylesheet.url.split("/")[-1].count(".") == 2  # site.<hash>.css
        assert stylesheet.headers["cache-control"] == "max-age=315360000, public, immutable"
        assert stylesheet.headers["content-encoding"] in {"br", "gzip"}
    finally:
        context.close()
