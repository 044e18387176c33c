from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftStatus(models.TextChoices):
    PREPARATION = "preparation", _("In preparation")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed")
    ADOPTED = "adopted", _("Adopted")


class SectionLevel(models.IntegerChoices):
    CHAPTER = 1, _("Chapter")
    SECTION = 2, _("Section")
    SUBSECTION = 3, _("Sub-section")


class SectionChange(models.TextChoices):
    """How a section differs between two drafts, as the compare page reports it."""

    ADDED = "added", _("Added")
    REMOVED = "removed", _("Removed")
    MOVED = "moved", _("Moved")
    RENAMED = "renamed", _("Retitled")
    CHANGED = "changed", _("Text changed")


class DraftImportStatus(models.TextChoices):
    """Where an import of a Word draft stands, in the order it goes through."""

    QUEUED = "queued", _("Waiting for the worker")
    READING = "reading", _("Reading the document")
    SAVING = "saving", _("Creating the draft")
    DONE = "done", _("Draft created")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")
