from .comments import SectionComment
from .exports import FeedbackExport
from .pending_comments import PendingComment
from .review import FeedbackItem, ResponsePublication, Theme, ThemedFeedback
from .sectors import Sector
from .stakeholders import StakeholderProfile
from .submissions import WrittenSubmission

__all__ = [
    "FeedbackExport",
    "FeedbackItem",
    "PendingComment",
    "ResponsePublication",
    "SectionComment",
    "Sector",
    "StakeholderProfile",
    "Theme",
    "ThemedFeedback",
    "WrittenSubmission",
]
