from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from consultation.enums import Gender, PublicIdentity
from consultation.models import SectionComment, Sector, WrittenSubmission
from policy_docs.compare import compare_sections
from policy_docs.enums import DraftStatus, SectionChange
from policy_docs.models import DraftPage, HomePage, PolicyPage
from policy_docs.sections import body_plain_text


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_a_labelled_consultation_once_and_prints_its_urls(db, client):
    out = seed_demo()
    assert "Demonstration content created" in out
    assert "/national-diaspora-policy/draft-1/" in out

    policy = PolicyPage.objects.get(slug="national-diaspora-policy")
    drafts = list(policy.drafts())
    statuses = [d.status for d in drafts]
    assert len(drafts) == 4 and statuses[-1] == DraftStatus.OPEN
    assert statuses.count(DraftStatus.ADOPTED) == 1
    assert all(d.sections.count() >= 12 for d in drafts)
    # The open review round's window is set relative to the day the demo is loaded.
    review = drafts[-1]
    assert review.opens_at < timezone.now() < review.closes_at
    assert review.is_open_for_comments()
    assert review.sections.filter(key="digital-services").exists()
    # Real differences between drafts, as the compare page reports them.
    changes = set()
    for older, newer in zip(drafts, drafts[1:], strict=False):
        for item in compare_sections(list(older.sections.all()), list(newer.sections.all())):
            changes |= item.changes
    assert changes == set(SectionChange)

    # Every public page says it is a demonstration.
    for url in [HomePage.objects.get().url, policy.url, drafts[0].url, f"{policy.url}compare/"]:
        assert "Demonstration content." in client.get(url).content.decode()

    again = seed_demo()
    assert "already present" in again
    assert DraftPage.objects.count() == len(drafts)


def test_seed_demo_adds_tagged_feedback_with_replies_once(db):
    out = seed_demo()
    assert "Demo feedback: 117 comments, 2 written submissions" in out

    drafts = {d.slug: d for d in PolicyPage.objects.get().drafts()}
    comments = SectionComment.objects.all()
    counts = {slug: comments.for_draft(draft).count() for slug, draft in drafts.items()}
    assert counts == {"draft-1": 40, "draft-2": 40, "adopted-policy": 0, "draft-3": 37}
    for slug in ("draft-1", "draft-2", "draft-3"):
        draft = drafts[slug]
        for comment in comments.for_draft(draft):
            assert draft.opens_at <= comment.submit_date <= min(draft.closes_at, timezone.now())

    # Threads: replies, some of them from the Government, none to a comment still in moderation.
    replies = comments.filter(level=1)
    assert 15 <= replies.count() <= 25
    assert replies.filter(sector__name="Government ministry or agency").exists()
    assert all(SectionComment.objects.get(pk=r.parent_id).is_public for r in replies)
    pending = comments.filter(is_public=False)
    assert pending.count() == 3
    assert all(c.section.page_id == drafts["draft-3"].pk and c.level == 0 for c in pending)

    # Who was heard: every sector, several countries, women and men in similar numbers.
    assert comments.values("sector").distinct().count() == Sector.objects.count()
    countries = {str(c) for c in comments.values_list("country", flat=True)}
    assert {"LS", "ZA", "GB", "US", "BW", "AU", "IE"} <= countries
    women = comments.filter(gender=Gender.WOMAN).count()
    men = comments.filter(gender=Gender.MAN).count()
    assert abs(women - men) <= 0.25 * (women + men)
    assert comments.filter(gender=Gender.ANOTHER).exists()
    assert comments.filter(gender=Gender.UNDISCLOSED).exists()
    assert comments.filter(public_identity=PublicIdentity.ANONYMOUS).exists()
    assert comments.filter(on_behalf_of_organisation=True).exists()
    assert comments.values("stance").distinct().count() == 4  # three stances and none
    assert comments.exclude(proposed_wording="").exists()

    # Sections drawing many comments and few, and quotes that are really in the section.
    assert comments.values("section__key").distinct().count() >= 15
    quoted = comments.exclude(quoted_passage="")
    assert quoted.count() >= 10
    for comment in quoted:
        section_text = " ".join(body_plain_text(comment.section.body).split())
        assert comment.quoted_passage in section_text

    submissions = WrittenSubmission.objects.order_by("submit_date")
    assert [(s.draft.slug, s.is_public) for s in submissions] == [
        ("draft-2", True),
        ("draft-3", False),
    ]
    assert not any(s.attachment for s in submissions)

    again = seed_demo()
    assert "Demo feedback already present" in again
    assert SectionComment.objects.count() == 117
    assert WrittenSubmission.objects.count() == 2


def test_seed_demo_has_a_campaign_and_published_answers_to_the_closed_drafts(db, client):
    from consultation.models import FeedbackItem, ResponsePublication

    seed_demo()
    drafts = {d.slug: d for d in PolicyPage.objects.get().drafts()}
    campaigns = FeedbackItem.objects.filter(campaign_size__gt=1)
    assert [(c.draft.slug, c.section.key, c.campaign_size) for c in campaigns] == [
        ("draft-3", "remittances", 12)
    ]
    published = set(ResponsePublication.objects.values_list("draft__slug", flat=True))
    assert published == {"draft-1", "draft-2"}
    for slug in ("draft-1", "draft-2"):
        unanswered = FeedbackItem.objects.filter(draft=drafts[slug], is_reply=False).exclude(
            status="answered"
        )
        assert not unanswered.exists()
    assert not FeedbackItem.objects.filter(draft=drafts["draft-3"], status="answered").exists()
    assert "Drafters' response" in client.get(drafts["draft-2"].url).content.decode()
    adopted = client.get(drafts["adopted-policy"].url).content.decode()
    assert "in Draft 2 were accepted or partly accepted" in adopted
