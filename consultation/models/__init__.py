from .comments import SectionComment
from .sectors import Sector
from .stakeholders import StakeholderProfile
from .submissions import WrittenSubmission

__all__ = ["SectionComment", "Sector", "StakeholderProfile", "WrittenSubmission"]
