"""Every comment and written submission gets its feedback item as it is saved, so the
drafters' inbox never misses one, whichever path created or moderated it. A posted comment is
stored, or waits for its author's e-mail confirmation (consultation.comment_posting)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django_comments.signals import comment_was_posted
from django_comments_xtd.models import TmpXtdComment
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from policy_docs.models import DraftPage, HomePage, PolicyPage

from .comment_posting import comment_store, pending_comment_create
from .models import (
    FeedbackItem,
    ResponsePublication,
    SectionComment,
    Sector,
    WrittenSubmission,
)
from .page_cache import own_pages_purge, policy_pages_purge, public_pages_purge
from .review.feedback import feedback_item_sync


@receiver(post_save, sender=SectionComment)
@receiver(post_save, sender=WrittenSubmission)
def keep_feedback_item_in_step(sender, instance, raw=False, **kwargs):
    if raw:  # loading a fixture
        return
    feedback_item_sync(source=instance)


@receiver(post_save, sender=SectionComment)
def remove_unpublished_comment_from_search(sender, instance, created, raw=False, **kwargs):
    # Wagtail indexes a comment when it is published; nothing takes it out when a moderator
    # rejects or removes it, and the public search must not find it.
    if not (raw or created) and not (instance.is_public and not instance.is_removed):
        index.remove_object(instance)


def purge_pages_under(page) -> None:
    """Purge the cached pages of every draft and policy that `page` covers, and of a draft's
    sibling drafts: a draft's page also shows its predecessor (its title, what its sections
    took up) and where its comments were addressed in a later draft."""
    page = page.specific
    top = page.get_parent() if isinstance(page, DraftPage) else page
    policies_done = set()
    for draft in DraftPage.objects.descendant_of(top, inclusive=True):
        if (policy_path := draft.path[: -draft.steplen]) not in policies_done:
            policies_done.add(policy_path)
            public_pages_purge(draft=draft)  # and every other draft of its policy
    for policy in PolicyPage.objects.descendant_of(top, inclusive=True):
        policy_pages_purge(policy=policy)
    if isinstance(page, HomePage):  # its introduction, or a restriction over all of it
        own_pages_purge(page=page)


@receiver(page_published)
@receiver(page_unpublished)
def purge_cached_pages_of_published_page(sender, instance, **kwargs):
    # Any page: unpublishing a policy hides the drafts under it.
    if isinstance(instance, Page):
        purge_pages_under(instance)


# A view restriction added, changed (its type, password or groups) or removed, on a draft or
# on any page above it: what it covers must leave the cache at once.
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def purge_pages_under_restriction(sender, instance, raw=False, **kwargs):
    # Deleted with its page: the page's own deletion leaves nothing to show.
    page = Page.objects.filter(pk=instance.page_id).first()
    if not raw and page is not None:
        purge_pages_under(page)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def purge_pages_when_restriction_groups_change(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, PageViewRestriction
    ):
        purge_pages_under(instance.page)


# Every save of a comment or submission saves its feedback item (above): the item's save
# stands for all three. Only what the public sees purges: a comment published, edited while
# published, or removed; one waiting for moderation changes no public page, and a flood of
# them must not empty the cache of the pages everyone reads.
@receiver(post_save, sender=FeedbackItem)
def purge_pages_showing_feedback(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    if instance.is_shown or getattr(instance, "was_shown", not created):
        public_pages_purge(draft=instance.draft.specific)
    instance.was_shown = instance.is_shown


@receiver(post_save, sender=ResponsePublication)
def purge_pages_showing_responses(sender, instance, raw=False, **kwargs):
    if not raw:
        public_pages_purge(draft=instance.draft.specific)


@receiver(post_delete, sender=SectionComment)
def purge_pages_showing_deleted_comment(sender, instance, **kwargs):
    public_pages_purge(draft=instance.section.page.specific)


# The comment forms on kept pages list the sectors, and "What we heard" counts by sector.
@receiver(post_save, sender=Sector)
@receiver(post_delete, sender=Sector)
def purge_pages_listing_sectors(sender, instance, raw=False, **kwargs):
    if not raw:
        for home in Page.objects.filter(depth=2):  # the sites' roots: every policy under them
            purge_pages_under(home)


@receiver(comment_was_posted, sender=TmpXtdComment)
def store_or_ask_for_confirmation(sender, comment, request, **kwargs):
    # In place of xtd's own receiver (disconnected in apps.py), which signed the comment into
    # a pickle in the confirmation link. A signed-in comment carries the account's address.
    if request.user.is_authenticated:
        comment_store(tmp_comment=comment, request=request)
    else:
        pending_comment_create(tmp_comment=comment)
