"""Loading the demonstration consultation (`manage.py seed_demo`)."""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from .models import DraftPage, DraftSection, HomePage, PolicyPage

HOME_TITLE = "Policy consultation"
HOME_INTRODUCTION = (
    "<p>Read the drafts of national policies, comment on the sections that matter to you, and "
    "follow how the text changes from one draft to the next.</p>"
)


def _local(date_text: str | None, hour: int, minute: int = 0):
    if not date_text:
        return None
    day = datetime.date.fromisoformat(date_text)
    naive = datetime.datetime.combine(day, datetime.time(hour, minute))
    return timezone.make_aware(naive)


def _body(blocks: list) -> list:
    stream = []
    for block_type, value in blocks:
        if block_type == "table":
            stream.append(
                (
                    "table",
                    {
                        "data": [value["header"], *value["rows"]],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_caption": value.get("caption", ""),
                    },
                )
            )
        else:
            stream.append((block_type, RichText(value)))
    return stream


def _home_page() -> tuple[HomePage, bool]:
    """The site's home page, replacing Wagtail's placeholder "Welcome" page of a new site."""
    existing = HomePage.objects.first()
    if existing:
        return existing, False
    root = Page.get_first_root_node()
    for child in root.get_children():
        if child.specific_class is Page and child.is_leaf():
            child.delete()  # the placeholder page made by Wagtail's first migration
    home = root.add_child(
        instance=HomePage(
            title=HOME_TITLE, slug="home", introduction=HOME_INTRODUCTION, is_demonstration=True
        )
    )
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    return home, True


def _window(content: dict):
    """The consultation window; an open draft without dates opened two weeks before the demo
    was loaded and closes two months after, so that the demo always has an open draft."""
    if content["status"] == "open" and not content.get("opens"):
        today = timezone.localdate()
        return (
            _local((today - datetime.timedelta(days=14)).isoformat(), 8),
            _local((today + datetime.timedelta(days=60)).isoformat(), 23, 59),
        )
    return _local(content.get("opens"), 8), _local(content.get("closes"), 23, 59)


def _draft(content: dict) -> DraftPage:
    opens_at, closes_at = _window(content)
    draft = DraftPage(
        title=content["version_label"],
        slug=content["slug"],
        status=content["status"],
        opens_at=opens_at,
        closes_at=closes_at,
        introduction=content.get("introduction", ""),
        changes_summary=content.get("changes_summary", ""),
    )
    draft.sections = [
        DraftSection(
            key=section["key"],
            heading=section["heading"],
            level=section["level"],
            body=_body(section["body"]),
            sort_order=position,
        )
        for position, section in enumerate(content["sections"])
    ]
    return draft


@transaction.atomic
def load_demo(content: dict) -> tuple[list[Page], bool]:
    """Build the demonstration policy with its drafts, once. Returns its pages and whether
    they were created now (False when they were already there)."""
    home, _created = _home_page()
    policy = PolicyPage.objects.child_of(home).filter(slug=content["slug"]).first()
    if policy is not None:
        return [home, policy, *policy.drafts()], False
    policy = home.add_child(
        instance=PolicyPage(
            title=content["title"],
            slug=content["slug"],
            summary=content["summary"],
            introduction=content["introduction"],
            is_demonstration=True,
        )
    )
    policy.save_revision().publish()
    drafts = []
    for draft_content in content["drafts"]:
        draft = policy.add_child(instance=_draft(draft_content))
        draft.save_revision().publish()
        # Dated as if each draft had been published when its consultation opened.
        published = _local(draft_content.get("published") or draft_content.get("opens"), 8)
        published = published or draft.opens_at
        DraftPage.objects.filter(pk=draft.pk).update(
            first_published_at=published, last_published_at=published
        )
        drafts.append(draft)
    return [home, policy, *drafts], True
