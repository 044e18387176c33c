from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from policy_docs import freshness, visibility
from policy_docs.models import DraftPage
from policy_docs.translations import source_draft

from ..discussion import closed_message
from ..enums import Decision
from ..what_we_heard import SMALL_CELL, published_figures


def what_we_heard(request, draft_id):
    draft = get_object_or_404(DraftPage.objects.live(), pk=draft_id)
    if refused := visibility.visible_or_refusal(draft, request):
        return refused
    if (source := source_draft(draft)).pk != draft.pk:
        # Feedback on every language version is summed up on the default-language draft.
        return redirect("what_we_heard", source.pk)
    summary = published_figures(draft)
    context = {
        "decision_labels": Decision.labels,
        "draft": draft,
        "policy": draft.policy,
        # As published: they move at most once an hour (consultation.what_we_heard).
        "summary": summary,
        "small_cell": SMALL_CELL,
        "closed_message": None if draft.is_open_for_comments() else closed_message(draft),
        "demo_content": draft.policy.is_demonstration,
    }
    response = render(request, "consultation/what_we_heard.html", context)
    # Purged when a comment, a response or a view restriction changes (page_cache); a draft
    # that not everyone may see is never kept.
    response.cache_for_readers = visibility.is_public(draft)
    # Kept no longer than until the figures may next move,
    until_next_check = (summary.next_check_at - timezone.now()).total_seconds()
    # nor past the moment its window opens or closes (its closed message changes then).
    response.cache_seconds = max(
        1, min(freshness.cache_seconds_for([draft]), int(until_next_check))
    )
    return response
