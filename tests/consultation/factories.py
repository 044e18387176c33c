import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.utils import timezone

from consultation.enums import Gender, PublicIdentity
from consultation.models import SectionComment, Sector, WrittenSubmission


def confirmed_account(username, email, password="pw", **fields):  # noqa: S107
    """A stakeholder's account whose address was confirmed from allauth's e-mail, as every
    account that signs in and comments has."""
    user = get_user_model().objects.create_user(username, email, password, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sector(name="Diaspora association"):
    """A sector from the list seeded by the migrations."""
    return Sector.objects.get(name=name)


class SectionCommentFactory(factory.django.DjangoModelFactory):
    """A comment already confirmed and stored. Pass section=... (a DraftSection)."""

    user_name = factory.Sequence(lambda n: f"Commenter {n}")
    user_email = factory.Sequence(lambda n: f"commenter{n}@example.org")
    comment = factory.Sequence(lambda n: f"Comment number {n} on this section.")
    gender = Gender.WOMAN
    sector = factory.LazyFunction(sector)
    country = "ZA"
    public_identity = PublicIdentity.NAMED
    is_public = True
    submit_date = factory.LazyFunction(timezone.now)
    site = factory.LazyFunction(Site.objects.get_current)
    content_type = factory.LazyFunction(
        lambda: ContentType.objects.get_by_natural_key("policy_docs", "draftsection")
    )
    object_pk = factory.LazyAttribute(lambda o: str(o.section.pk))

    class Meta:
        model = SectionComment


class WrittenSubmissionFactory(factory.django.DjangoModelFactory):
    """A written submission awaiting moderation. Pass draft=... (a DraftPage)."""

    name = factory.Sequence(lambda n: f"Submitter {n}")
    email = factory.Sequence(lambda n: f"submitter{n}@example.org")
    text = factory.Sequence(lambda n: f"Submission number {n} on this draft.")
    gender = Gender.WOMAN
    sector = factory.LazyFunction(sector)
    country = "ZA"

    class Meta:
        model = WrittenSubmission


def submissions_in_bulk(draft, count: int, *, start: int = 0):
    """Many stored written submissions with their feedback items, written with bulk_create
    (no signals) for benchmarks and scale tests; genders, sectors and countries vary.
    Comments cannot be bulk-created: django-comments' models use multi-table inheritance."""
    from consultation.models import FeedbackItem, WrittenSubmission
    from consultation.review.campaigns import text_fingerprint

    genders = list(Gender.values)
    sectors = list(Sector.objects.all())
    country_codes = ["LS", "ZA", "GB", "US", "BW"]
    now = timezone.now()
    submissions = WrittenSubmission.objects.bulk_create(
        WrittenSubmission(
            draft=draft,
            name=f"Bulk sender {n}",
            email=f"bulk{n}@example.org",
            text=f"Submission {n} on the draft, with its own reasons {n * 7919}.",
            gender=genders[n % len(genders)],
            sector=sectors[n % len(sectors)],
            country=country_codes[n % len(country_codes)],
            submit_date=now - timezone.timedelta(minutes=n),
            is_public=True,
        )
        for n in range(start, start + count)
    )
    FeedbackItem.objects.bulk_create(
        FeedbackItem(
            submission=submission,
            kind="submission",
            draft=draft,
            text=submission.text,
            submitted_at=submission.submit_date,
            speaker_name=submission.name,
            gender=submission.gender,
            sector=submission.sector,
            country=submission.country,
            is_public=True,
            fingerprint=text_fingerprint(submission.text),
        )
        for submission in submissions
    )
    return submissions
