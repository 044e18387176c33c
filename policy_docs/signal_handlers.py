"""Keep the search index's sections in step with their draft: the public search finds the
sections of published drafts only (DraftSection.get_indexed_objects)."""

from django.dispatch import receiver
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from .models import DraftPage


@receiver(page_published, sender=DraftPage)
def index_sections_of_published_draft(sender, instance, **kwargs):
    # Publishing saves the sections, but a draft published again unchanged may not.
    for section in instance.sections.all():
        index.insert_or_update_object(section)


@receiver(page_unpublished, sender=DraftPage)
def remove_sections_of_unpublished_draft(sender, instance, **kwargs):
    # Unpublishing saves the page alone: its sections would stay findable.
    for section in instance.sections.all():
        index.remove_object(section)
