"""A draft exported to Word (export_policy) and imported again as the next draft
(import_draft) comes back with the same sections, keys and text."""

from django.core.management import call_command
from django.utils.html import strip_tags
from wagtail.rich_text import RichText

from policy_docs.enums import SectionLevel
from policy_docs.models import DraftPage, PolicyPage
from policy_docs.sections import body_plain_text
from tests.policy_docs.factories import DraftPageFactory, section

FORMATTED = (
    "<p>Plain <b>bold</b> and <i>italic</i> with a "
    '<a href="https://example.org/remittances">link</a>.</p>'
    "<ul><li>first</li><li>second<ul><li>nested <i>point</i></li></ul></li></ul>"
    "<ol><li>one</li><li>two</li></ol>"
)
TABLE = {
    "data": [["Action", "Lead", "Year"], ["Publish guidance", "Home Affairs", "2027"]],
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "table_caption": "Implementation matrix",
}


def with_body(draft_section, *blocks):
    draft_section.body = list(blocks)
    return draft_section


def round_trip(tmp_path, draft) -> DraftPage:
    path = tmp_path / "draft.docx"
    call_command("export_policy", "--draft", str(draft.pk), "--output", str(path))
    policy = draft.get_parent()
    call_command("import_draft", str(path), "--policy", str(policy.pk), "--label", "Imported")
    return DraftPage.objects.child_of(policy).get(title="Imported")


def outline(draft):
    return [
        (s.level, s.heading, s.key, body_plain_text(s.body))
        for s in draft.sections.order_by("sort_order")
    ]


def test_a_draft_comes_back_with_the_same_sections_keys_and_text(tmp_path, policy):
    draft = DraftPageFactory(
        parent=policy,
        title="Draft 1",
        introduction="<p>Please <b>comment</b> on this draft.</p>",
        sections=[
            section("Introduction", level=SectionLevel.CHAPTER, text="Why a policy.", key="intro"),
            with_body(section("Purpose", key="purpose"), ("paragraph", RichText(FORMATTED))),
            section("Scope", level=SectionLevel.SUBSECTION, text="Who is covered.", key="scope"),
            with_body(
                section("Implementation", level=SectionLevel.CHAPTER, key="implementation"),
                ("table", TABLE),
                ("paragraph", RichText("<p>Steps:</p><ol><li>plan</li><li>act</li></ol>")),
            ),
        ],
    )
    imported = round_trip(tmp_path, draft)

    assert outline(imported) == outline(draft)
    assert strip_tags(imported.introduction) == strip_tags(draft.introduction)
    purpose = imported.sections.get(key="purpose").body[0].value.source
    assert "<b>bold</b>" in purpose and "<i>italic</i>" in purpose
    assert 'href="https://example.org/remittances"' in purpose
    table = imported.sections.get(key="implementation").body[0]
    assert table.block_type == "table"
    assert table.value["data"] == TABLE["data"]
    assert table.value["table_caption"] == "Implementation matrix"
    assert not imported.live


def test_the_latest_demo_draft_comes_back_whole(tmp_path, home):
    """Keys are matched against the latest draft, so that is the one to send round."""
    call_command("seed_demo", verbosity=0)
    latest = PolicyPage.objects.get().drafts().last()
    imported = round_trip(tmp_path, latest)
    assert outline(imported) == outline(latest)
