from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class AgeGroup(models.TextChoices):
    UNDER_25 = "under-25", _("Under 25")
    FROM_25_TO_35 = "25-35", _("25 to 35")
    FROM_36_TO_59 = "36-59", _("36 to 59")
    OVER_60 = "60-plus", _("60 or over")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class PublicIdentity(models.TextChoices):
    NAMED = "named", _("Show my name")
    ANONYMOUS = "anonymous", _("Show “Anonymous” instead of my name")


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("I support this section")
    OPPOSES = "opposes", _("I oppose this section")
    SUGGESTS_CHANGE = "suggests-change", _("I suggest a change")


class ModerationMode(models.TextChoices):
    """Set by the MODERATION_MODE setting."""

    PRE = "pre", _("Pre-moderation: hidden until a moderator approves")
    POST = "post", _("Post-moderation: shown at once, moderators review afterwards")


class FeedbackKind(models.TextChoices):
    COMMENT = "comment", _("Comment on a section")
    SUBMISSION = "submission", _("Written submission")


class ReviewStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under-review", _("Under review")
    ANSWERED = "answered", _("Answered")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly-accepted", _("Partly accepted")
    NOT_ACCEPTED = "not-accepted", _("Not accepted")
    NOTED = "noted", _("Noted / out of scope")

    @classmethod
    def taken_up(cls):
        """The decisions that changed the text."""
        return [cls.ACCEPTED, cls.PARTLY_ACCEPTED]


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")
    # Someone's details were erased while it waited or was written: it would have held them.
    CANCELLED = "cancelled", _("Stopped")


class ResultKind(models.TextChoices):
    """The two groups of the public search's results."""

    POLICY_TEXT = "text", _("Policy text")
    COMMENTS = "comments", _("Comments")
