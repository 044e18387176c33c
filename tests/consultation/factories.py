import factory
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.utils import timezone

from consultation.enums import Gender, PublicIdentity
from consultation.models import SectionComment, Sector


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
