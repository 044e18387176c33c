from .comments import SectionComment
from .review import FeedbackItem, ResponsePublication, Theme, ThemedFeedback
from .sectors import Sector
from .stakeholders import StakeholderProfile
from .submissions import WrittenSubmission

__all__ = [
    "FeedbackItem",
    "ResponsePublication",
    "SectionComment",
    "Sector",
    "StakeholderProfile",
    "Theme",
    "ThemedFeedback",
    "WrittenSubmission",
]
