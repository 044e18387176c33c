from types import SimpleNamespace

from policy_docs.sections import (
    assign_missing_keys,
    body_plain_text,
    section_numbers,
    structure_errors,
)
from tests.policy_docs.factories import section


def test_numbers_follow_levels_and_restart_under_each_parent():
    assert section_numbers([1, 2, 2, 3, 3, 1, 2, 3, 1]) == [
        "1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "2.1", "2.1.1", "3",
    ]  # fmt: skip


def test_missing_keys_come_from_headings_and_never_clash():
    rows = [
        SimpleNamespace(key="", heading="Dual citizenship"),
        SimpleNamespace(key="dual-citizenship-2", heading="Other"),
        SimpleNamespace(key="", heading="Dual citizenship"),
        SimpleNamespace(key="", heading="Dual citizenship"),
        SimpleNamespace(key="", heading="!!!"),
    ]
    assign_missing_keys(rows)
    assert [r.key for r in rows] == [
        "dual-citizenship",
        "dual-citizenship-2",
        "dual-citizenship-3",
        "dual-citizenship-4",
        "section",
    ]


def test_first_section_must_be_a_chapter_and_levels_cannot_skip():
    rows = [SimpleNamespace(key="a", heading="A", level=2)]
    assert "must be a chapter" in structure_errors(rows)[0]
    rows = [
        SimpleNamespace(key="a", heading="A", level=1),
        SimpleNamespace(key="b", heading="B", level=3),
    ]
    assert "does not follow a section" in structure_errors(rows)[0]


def test_duplicate_keys_are_reported_with_their_headings():
    rows = [
        SimpleNamespace(key="a", heading="First", level=1),
        SimpleNamespace(key="a", heading="Second", level=2),
    ]
    (error,) = structure_errors(rows)
    assert "“a”" in error and "First" in error and "Second" in error


def test_plain_text_puts_each_paragraph_list_item_and_table_row_on_its_own_line():
    body = section(
        "X", text="One <b>bold</b> line.</p><ul><li>first</li><li>second</li></ul><p>Last"
    ).body
    assert body_plain_text(body) == "One bold line.\n• first\n• second\nLast"
