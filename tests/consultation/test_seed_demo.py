from io import StringIO

from django.core.management import call_command

from consultation.models import SectionComment, WrittenSubmission
from policy_docs.compare import compare_sections
from policy_docs.enums import DraftStatus, SectionChange
from policy_docs.models import DraftPage, HomePage, PolicyPage


def test_seed_demo_builds_a_labelled_consultation_once_and_prints_its_urls(db, client):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demonstration content created" in out.getvalue()
    assert "/national-diaspora-policy/draft-1/" in out.getvalue()

    policy = PolicyPage.objects.get(slug="national-diaspora-policy")
    drafts = list(policy.drafts())
    statuses = [d.status for d in drafts]
    assert DraftStatus.ADOPTED in statuses and statuses[-1] == DraftStatus.OPEN
    assert all(d.sections.count() >= 12 for d in drafts)
    # Real differences between drafts, as the compare page reports them.
    changes = set()
    for older, newer in zip(drafts, drafts[1:], strict=False):
        for item in compare_sections(list(older.sections.all()), list(newer.sections.all())):
            changes |= item.changes
    assert changes == set(SectionChange)

    # Every public page says it is a demonstration.
    for url in [HomePage.objects.get().url, policy.url, drafts[0].url, f"{policy.url}compare/"]:
        assert "Demonstration content." in client.get(url).content.decode()

    assert "Demo feedback: " in out.getvalue()
    comments = SectionComment.objects.filter(section__page__in=drafts)
    assert comments.filter(level=1).exists()  # replies
    assert comments.values("sector").distinct().count() >= 8
    assert comments.values("country").distinct().count() >= 4
    assert comments.filter(is_public=False).count() == 3  # awaiting moderation
    assert WrittenSubmission.objects.count() == 2
    comment_count = comments.count()

    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "already present" in again.getvalue()
    assert DraftPage.objects.count() == len(drafts)
    assert "Demo feedback already present" in again.getvalue()
    assert SectionComment.objects.count() == comment_count
