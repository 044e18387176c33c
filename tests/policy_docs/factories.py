import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.rich_text import RichText

from policy_docs.enums import DraftStatus, SectionLevel
from policy_docs.models import DraftPage, DraftSection, HomePage, PolicyPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Consultations"
    slug = "consultations"

    class Meta:
        model = HomePage


class PolicyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Policy {n}")
    slug = factory.Sequence(lambda n: f"policy-{n}")
    summary = "A national policy under consultation."
    parent = factory.SubFactory(HomePageFactory)

    class Meta:
        model = PolicyPage


def section(heading, level=SectionLevel.SECTION, text=None, key=""):
    """An unsaved section to pass to DraftPageFactory(sections=[...])."""
    body = [("paragraph", RichText(f"<p>{text if text is not None else heading + ' text.'}</p>"))]
    return DraftSection(heading=heading, level=level, key=key, body=body)


class DraftPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Draft {n + 1}")
    slug = factory.Sequence(lambda n: f"draft-{n + 1}")
    status = DraftStatus.CLOSED
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60))
    closes_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    parent = factory.SubFactory(PolicyPageFactory)

    class Meta:
        model = DraftPage

    class Params:
        # Open for comments since yesterday, for a month.
        open_for_comments = factory.Trait(
            status=DraftStatus.OPEN,
            opens_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30)),
        )

    @classmethod
    def _create(cls, model_class, *args, sections=(), **kwargs):
        parent = kwargs.pop("parent")
        page = model_class(*args, **kwargs)
        page.sections = [setattr(s, "sort_order", i) or s for i, s in enumerate(sections)]
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page
