import pytest

from policy_docs.compare import compare_sections, marked_up_diff
from policy_docs.enums import SectionChange
from tests.policy_docs.factories import DraftPageFactory, PolicyPageFactory, section

CHAPTER = 1


def keyed(heading, key, text=None, level=2):
    return section(heading, level=level, key=key, text=text)


@pytest.fixture
def two_drafts(policy):
    old = DraftPageFactory(
        parent=policy,
        title="Draft 1",
        slug="draft-1",
        sections=[
            keyed("Introduction", "intro", "Why a policy.", level=CHAPTER),
            keyed("Dual citizenship", "dual", "Basotho may hold two nationalities."),
            keyed("Remittances", "remit", "Sending money home is costly."),
            keyed("Data", "data", "There is no count of the diaspora."),
            keyed("Old annex", "annex", "To be removed."),
        ],
    )
    new = DraftPageFactory(
        parent=policy,
        title="Draft 2",
        slug="draft-2",
        sections=[
            keyed("Introduction", "intro", "Why a policy.", level=CHAPTER),
            keyed("Data on the diaspora", "data", "There is no count of the diaspora."),
            keyed("Dual citizenship", "dual", "Basotho may hold two nationalities."),
            keyed("Remittances", "remit", "Sending money home is far too costly."),
            keyed("Women in the diaspora", "women", "Gender is considered throughout."),
        ],
    )
    return old, new


def test_sections_are_matched_by_key_and_each_change_is_named(two_drafts):
    old, new = two_drafts
    result = {
        c.key: c for c in compare_sections(list(old.sections.all()), list(new.sections.all()))
    }
    assert result["intro"].changes == set()
    assert result["data"].changes == {SectionChange.MOVED, SectionChange.RENAMED}
    assert result["dual"].changes == set()
    assert result["remit"].changes == {SectionChange.CHANGED}
    assert result["women"].changes == {SectionChange.ADDED}
    assert result["annex"].changes == {SectionChange.REMOVED}
    assert result["data"].renumbered and result["data"].old.number == "1.3"


def test_removed_section_stays_where_it_was_in_the_order(two_drafts):
    old, new = two_drafts
    keys = [c.key for c in compare_sections(list(old.sections.all()), list(new.sections.all()))]
    assert keys == ["intro", "data", "dual", "remit", "annex", "women"]


def test_word_level_diff_marks_insertions_and_deletions():
    html = marked_up_diff("Sending money home is costly.", "Sending money home is far too costly!")
    assert "<ins>far too </ins>" in html
    assert "<del>.</del><ins>!</ins>" in html
    assert "<del>" in marked_up_diff("a <b>", "a") and "&lt;b&gt;" in marked_up_diff("a <b>", "a")


def test_paragraphs_added_or_removed_show_whole_and_edited_ones_word_by_word():
    old = "Kept paragraph.\nThe forum meets once a year.\nA paragraph about tourism."
    new = "Kept paragraph.\nThe forum meets twice a year.\nA wholly new paragraph on youth."
    html = marked_up_diff(old, new)
    assert html.startswith("<p>Kept paragraph.</p>")
    assert "<p>The forum meets <del>once </del><ins>twice </ins>a year.</p>" in html
    assert "<p><del>A paragraph about tourism.</del></p>" in html
    assert "<p><ins>A wholly new paragraph on youth.</ins></p>" in html


def test_compare_page_shows_changes_with_ins_and_del(client, two_drafts, policy):
    response = client.get(f"{policy.url}compare/?from=draft-1&to=draft-2")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ins>far too </ins>" in html
    assert 'id="section-annex"' in html and "Removed" in html
    assert 'id="section-women"' in html and "Added" in html
    assert "Retitled" in html and "In Draft 1: 1.3 Data" in html
    assert "Moved" in html
    # Unchanged sections are collapsed.
    assert '<details class="comparison unchanged" id="section-dual">' in html


def test_compare_page_defaults_to_the_last_two_drafts(client, two_drafts, policy):
    response = client.get(f"{policy.url}compare/")
    assert response.status_code == 200
    assert "Changes from Draft 1 to Draft 2" in response.content.decode()


def test_what_changed_in_a_draft_compares_it_with_the_draft_before(client, two_drafts, policy):
    response = client.get(f"{policy.url}compare/?to=draft-2")
    assert "Changes from Draft 1 to Draft 2" in response.content.decode()


def test_comparing_drafts_of_two_different_policies_is_refused(client, two_drafts, policy, home):
    other_draft = DraftPageFactory(parent=PolicyPageFactory(parent=home, title="Youth Policy"))
    response = client.get(f"{policy.url}compare/?from=draft-1&to={other_draft.pk}")
    assert response.status_code == 400
    assert "belongs to another policy (Youth Policy)" in response.content.decode()


def test_comparing_a_draft_that_does_not_exist_is_a_clear_404(client, two_drafts, policy):
    response = client.get(f"{policy.url}compare/?from=draft-1&to=draft-9")
    assert response.status_code == 404
    assert "There is no published draft “draft-9”" in response.content.decode()


def test_comparing_a_draft_with_itself_is_refused(client, two_drafts, policy):
    response = client.get(f"{policy.url}compare/?from=draft-1&to=draft-1")
    assert response.status_code == 400
    assert "Choose two different drafts" in response.content.decode()
