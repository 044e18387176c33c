"""Every interface string can be translated: the templates hold no unmarked text, and the
Sesotho catalogue (locale/st) holds every marked string of the code and is compiled."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType

TEMPLATES = settings.BASE_DIR / "templates"
CATALOGUE = settings.BASE_DIR / "locale" / "st" / "LC_MESSAGES"
WORDS = re.compile(r"[^\W\d_]{2,}")
# Text given as a filter's fallback: {{ x|default:"None yet" }} rather than default:_("…").
UNMARKED_LITERAL = re.compile(r"""\|default(?:_if_none)?:(["'])([^"']*[^\W\d_]{2}[^"']*)\1""")
# Attributes that people read or hear.
READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "label"}


def template_text_outside_translation(source: str) -> str:
    """The template with its tags and variables replaced by a placeholder, and every
    {% blocktrans %} or {% comment %} block dropped: what remains was written in English in
    the template itself."""
    kept, skipping = [], []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            words = token.contents.split() or [""]
            if words[0] in {"blocktrans", "blocktranslate", "comment"} or words[:2] in (
                ["block", "body_class"],  # class names, not words
                ["block", "bodyclass"],  # the same in Wagtail's admin layout
            ):
                skipping.append(words[0])
            elif skipping and words[0] == f"end{skipping[-1]}":
                skipping.pop()
            continue  # tags may build an HTML tag's name: leave nothing in its place
        if skipping:
            continue
        if token.token_type == TokenType.VAR:
            kept.extend(f"<i>{text}</i>" for _, text in UNMARKED_LITERAL.findall(token.contents))
        kept.append(token.contents if token.token_type == TokenType.TEXT else "0")
    return "".join(kept)


class UnmarkedText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found, self.in_code = [], 0

    def handle_starttag(self, tag, attrs):
        self.in_code += tag in {"script", "style"}
        for name, value in attrs:
            if value and WORDS.search(value):
                is_button_text = tag == "input" and dict(attrs).get("type") in {"submit", "button"}
                if name in READ_ATTRIBUTES or (name == "value" and is_button_text):
                    self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        self.in_code -= tag in {"script", "style"}

    def handle_data(self, data):
        if not self.in_code and WORDS.search(data):
            self.found.append(data.strip())


def unmarked_text(path: Path) -> list[str]:
    text = template_text_outside_translation(path.read_text())
    if path.suffix == ".txt":  # e-mails: any word left is unmarked
        return [text.strip()] if WORDS.search(text) else []
    parser = UnmarkedText()
    parser.feed(text)
    return parser.found


def test_every_text_in_the_templates_is_marked_for_translation():
    unmarked = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in {".html", ".txt"} and (found := unmarked_text(path))
    }
    assert unmarked == {}


def test_the_check_finds_unmarked_text(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<p>{% trans "Marked" %}</p><p>Forgotten</p>'
        '<img alt="A chart"><a aria-label="{% trans \'Fine\' %}">{{ title }}</a>'
        '<p>{{ a|default:"None yet" }} {{ b|default:_("Marked too") }} {{ c|date:"c" }}</p>'
    )
    assert unmarked_text(template) == ["Forgotten", "<img alt='A chart'>", "None yet"]


@pytest.fixture
def project_copy(tmp_path, monkeypatch, settings):
    """The project's code, templates and catalogue copied, so that makemessages can run without
    touching the real catalogue."""
    copy = tmp_path / "project"
    for name in ("consultation", "policy_docs", "search_index", "templates", "locale"):
        shutil.copytree(
            settings.BASE_DIR / name, copy / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    return copy


@pytest.mark.skipif(not shutil.which("msgcmp"), reason="needs gettext (apt-get install gettext)")
def test_the_sesotho_catalogue_holds_every_marked_string(project_copy):
    """Fails when code or templates gain a string that `make messages` has not collected."""
    call_command("makemessages", locale=["st"], verbosity=0)
    collected = project_copy / "locale" / "st" / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603
        ["msgcmp", "--use-untranslated", str(CATALOGUE / "django.po"), str(collected)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, "Run `make messages`:\n" + result.stderr


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs gettext (apt-get install gettext)")
def test_the_sesotho_catalogue_is_compiled(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", str(compiled), str(CATALOGUE / "django.po")],  # noqa: S607
        check=True,
    )
    assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes(), "Run `make messages`"
