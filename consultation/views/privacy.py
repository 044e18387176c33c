from django.conf import settings
from django.shortcuts import render

from ..what_we_heard import SMALL_CELL


def privacy_notice(request):
    """Who keeps commenters' personal details, why, for how long, and how to see, correct or
    erase them (linked from every page's footer and beside the forms' consent box)."""
    context = {
        "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        "account_days": settings.ACCOUNT_RETENTION_DAYS,
        "warning_days": min(
            settings.ACCOUNT_RETENTION_WARNING_DAYS, settings.ACCOUNT_RETENTION_DAYS
        ),
        "task_days": settings.TASK_RETENTION_DAYS,
        "version": settings.PRIVACY_NOTICE_VERSION,
        "small_cell": SMALL_CELL,
    }
    return render(request, "consultation/privacy_notice.html", context)
