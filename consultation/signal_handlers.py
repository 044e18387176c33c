"""Every comment and written submission gets its feedback item as it is saved, so the
drafters' inbox never misses one, whichever path created or moderated it."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.search import index

from .models import SectionComment, WrittenSubmission
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
