"""Campaign grouping: identical and near-identical texts on one section are one item."""

from consultation.enums import Gender
from consultation.models import FeedbackItem
from consultation.review.feedback import feedback_sync_all
from tests.consultation.factories import SectionCommentFactory

LETTER = (
    "As members of the Basotho diaspora in Gauteng we ask the Government to allow dual "
    "citizenship without conditions, so that our children born in South Africa keep their "
    "right to live, work and own land in Lesotho. Many of us have waited twenty years for this."
)


def item_of(comment):
    return FeedbackItem.objects.get(comment=comment)


def test_identical_and_near_identical_letters_join_the_first(dual):
    first = SectionCommentFactory(section=dual, comment=LETTER)
    identical = SectionCommentFactory(section=dual, comment=LETTER)
    punctuation = SectionCommentFactory(
        section=dual, comment=LETTER.upper().replace(",", "").replace(".", "!")
    )
    signed = SectionCommentFactory(
        section=dual, comment=LETTER + " Signed, Palesa Mokoena, Soweto.", gender=Gender.MAN
    )
    lead = item_of(first)
    for member in (identical, punctuation, signed):
        assert item_of(member).campaign == lead
    lead.refresh_from_db()
    assert lead.campaign is None
    assert lead.campaign_size == 4


def test_different_comments_on_the_same_section_are_not_grouped(dual):
    texts = [
        LETTER,
        "Dual citizenship should be allowed for all Basotho abroad.",
        "Dual citizenship should not be allowed for anyone.",
        "The section on dual citizenship forgets Basotho living in Botswana and Namibia, who "
        "face other rules; please consult the missions in Gaborone and Windhoek as well.",
        "As members of the Basotho diaspora in the Free State we ask the Government to require "
        "a language test before dual citizenship is granted, because our culture matters.",
    ]
    comments = [SectionCommentFactory(section=dual, comment=text) for text in texts]
    assert [item_of(comment).campaign_id for comment in comments] == [None] * len(texts)


def test_short_identical_text_on_another_section_is_not_grouped(open_draft, dual):
    remittances = open_draft.sections.get(key="remittances")
    on_dual = SectionCommentFactory(section=dual, comment="I agree.")
    again_on_dual = SectionCommentFactory(section=dual, comment="I agree!")
    on_remittances = SectionCommentFactory(section=remittances, comment="I agree.")
    assert item_of(again_on_dual).campaign == item_of(on_dual)
    assert item_of(on_remittances).campaign is None


def test_replies_are_never_grouped(dual):
    parent = SectionCommentFactory(section=dual, comment=LETTER)
    reply = SectionCommentFactory(section=dual, comment=LETTER, parent_id=parent.pk)
    item = item_of(reply)
    assert item.is_reply
    assert item.campaign is None


def test_a_new_member_takes_the_campaign_review_and_removal_hands_over(dual, reviewer):
    from consultation.review.feedback import feedback_respond

    first = SectionCommentFactory(section=dual, comment=LETTER)
    second = SectionCommentFactory(section=dual, comment=LETTER)
    feedback_respond(
        item=item_of(first), user=reviewer, status="answered", decision="accepted",
        response="Taken up in Draft 3.", themes=["dual citizenship"],
    )  # fmt: skip
    late = SectionCommentFactory(section=dual, comment=LETTER + " Thank you.")
    late_item = item_of(late)
    assert (late_item.decision, late_item.status) == ("accepted", "answered")
    assert list(late_item.themes.names()) == ["dual citizenship"]

    first.is_removed = True
    first.save()
    new_lead = item_of(second)
    assert new_lead.campaign is None
    assert new_lead.campaign_size == 2
    assert item_of(late).campaign == new_lead


def test_sync_all_creates_missing_items_in_order(dual):
    comments = [SectionCommentFactory(section=dual, comment=LETTER) for _ in range(3)]
    FeedbackItem.objects.all().delete()
    assert feedback_sync_all() == 3
    lead = item_of(comments[0])
    assert lead.campaign_size == 3
    assert item_of(comments[2]).campaign == lead


def test_every_member_of_a_campaign_is_found_by_the_response_given_to_its_lead(
    dual, reviewer, search_index
):
    from consultation.review.feedback import feedback_respond
    from consultation.review.filters import text_matching

    letters = [SectionCommentFactory(section=dual, comment=LETTER) for _ in range(3)]
    feedback_respond(
        item=item_of(letters[0]), user=reviewer, status="answered", decision="noted",
        response="Referred to the consular services review.", themes=[],
    )  # fmt: skip
    found = text_matching(FeedbackItem.objects.all(), "consular")
    assert set(found) == {item_of(letter) for letter in letters}


def test_a_letter_quoted_in_a_much_longer_comment_is_not_grouped_with_it(dual):
    letter = SectionCommentFactory(section=dual, comment=LETTER)
    quoted = SectionCommentFactory(
        section=dual,
        comment="I received this letter and disagree with it: " + LETTER
        + " Our association asks instead for a register of Basotho abroad first.",
    )  # fmt: skip
    assert item_of(quoted).campaign is None
    assert item_of(letter).campaign_size == 1
