from .comments import SectionComment
from .exports import FeedbackExport
from .pending_comments import PendingComment
from .public_figures import PublishedFigures
from .review import FeedbackItem, ResponsePublication, Theme, ThemedFeedback
from .sectors import Sector
from .stakeholders import AccountExpiryNotice, StakeholderProfile
from .submissions import WrittenSubmission

__all__ = [
    "AccountExpiryNotice",
    "FeedbackExport",
    "FeedbackItem",
    "PendingComment",
    "PublishedFigures",
    "ResponsePublication",
    "SectionComment",
    "Sector",
    "StakeholderProfile",
    "Theme",
    "ThemedFeedback",
    "WrittenSubmission",
]
