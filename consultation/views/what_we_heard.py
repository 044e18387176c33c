from django.shortcuts import get_object_or_404, redirect, render

from policy_docs.models import DraftPage
from policy_docs.translations import source_draft

from ..discussion import closed_message
from ..enums import Decision
from ..what_we_heard import SMALL_CELL, published_figures


def what_we_heard(request, draft_id):
    draft = get_object_or_404(DraftPage.objects.live(), pk=draft_id)
    if (source := source_draft(draft)).pk != draft.pk:
        # Feedback on every language version is summed up on the default-language draft.
        return redirect("what_we_heard", source.pk)
    context = {
        "decision_labels": Decision.labels,
        "draft": draft,
        "policy": draft.policy,
        # As published: they move at most once an hour (consultation.what_we_heard).
        "summary": published_figures(draft),
        "small_cell": SMALL_CELL,
        "closed_message": None if draft.is_open_for_comments() else closed_message(draft),
        "demo_content": draft.policy.is_demonstration,
    }
    response = render(request, "consultation/what_we_heard.html", context)
    response.cache_for_readers = True  # purged when a comment or response changes (page_cache)
    return response
