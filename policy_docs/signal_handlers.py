"""Keep the search index's sections in step with their draft. The public search finds the
sections of published drafts only (DraftSection.get_indexed_objects), and a draft's sections
are indexed together when it is published, in one write rather than one per section (a
40-section draft would otherwise wait for 40 index commits)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from search_index.bulk import index_objects

from .models import DraftImport, DraftPage, DraftSection


@receiver(page_published, sender=DraftPage)
def index_sections_of_published_draft(sender, instance, **kwargs):
    index_objects(DraftSection, DraftSection.get_indexed_objects().filter(page=instance))


@receiver(page_unpublished, sender=DraftPage)
def remove_sections_of_unpublished_draft(sender, instance, **kwargs):
    for section in instance.sections.all():
        index.remove_object(section)


@receiver(post_delete, sender=DraftSection)
def remove_deleted_section(sender, instance, **kwargs):
    index.remove_object(instance)


@receiver(post_delete, sender=DraftImport)
def delete_uploaded_word_file(sender, instance, **kwargs):
    """An import deleted before the worker read it (with its policy) leaves no file behind."""
    instance.file.delete(save=False)
