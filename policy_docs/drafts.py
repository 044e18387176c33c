"""Starting the next draft of a policy."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.actions.copy_page import CopyPageAction

from .enums import DraftStatus
from .models import RESERVED_DRAFT_SLUGS, DraftPage, PolicyPage

_DRAFT_NUMBER = re.compile(r"\bdraft\s+(\d+)\b", re.IGNORECASE)


def next_draft_label(labels: list[str]) -> str:
    numbers = [int(m.group(1)) for label in labels if (m := _DRAFT_NUMBER.search(label))]
    return _("Draft %(number)d") % {"number": max(numbers, default=len(labels)) + 1}


def free_draft_slug(policy: PolicyPage, label: str) -> str:
    taken = set(policy.get_children().values_list("slug", flat=True)) | RESERVED_DRAFT_SLUGS
    base = slugify(label) or "draft"
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def refuse_while_pending(drafts: list[DraftPage]) -> None:
    """One new draft at a time: refuse while a draft of the policy is unpublished."""
    pending = [d for d in drafts if not d.live]
    if pending:
        raise ValidationError(
            _("“%(draft)s” is not published yet: publish or delete it before starting another.")
            % {"draft": pending[-1].title}
        )


def draft_start_next(*, policy: PolicyPage, user) -> DraftPage:
    """Copy the latest published draft of `policy`, with its sections and their keys, into a
    new unpublished draft in preparation. Refused while an unpublished draft is pending or
    before any draft has been published."""
    children = list(DraftPage.objects.child_of(policy).order_by("path"))
    if not children:
        raise ValidationError(_("This policy has no draft yet: add the first draft."))
    refuse_while_pending(children)
    latest = children[-1]
    label = next_draft_label([d.title for d in children])
    with transaction.atomic():
        new_draft = CopyPageAction(
            page=latest,
            to=policy,
            update_attrs={
                "title": label,
                "slug": free_draft_slug(policy, label),
                "status": DraftStatus.PREPARATION,
                "opens_at": None,
                "closes_at": None,
                "changes_summary": "",
            },
            keep_live=False,
            copy_revisions=False,
            user=user,
        ).execute()
    return new_draft.specific
