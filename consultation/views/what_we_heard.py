from django.shortcuts import get_object_or_404, redirect, render

from policy_docs import visibility
from policy_docs.models import DraftPage
from policy_docs.translations import source_draft

from ..discussion import closed_message
from ..enums import Decision
from ..review.publication import responses_published
from ..what_we_heard import SMALL_CELL, decisions_by, draft_summary


def what_we_heard(request, draft_id):
    draft = get_object_or_404(DraftPage.objects.live(), pk=draft_id)
    if refused := visibility.visible_or_refusal(draft, request):
        return refused
    if (source := source_draft(draft)).pk != draft.pk:
        # Feedback on every language version is summed up on the default-language draft.
        return redirect("what_we_heard", source.pk)
    sections = list(draft.sections.all())
    published = responses_published(draft)
    context = {
        "responses_published": published,
        "decision_labels": Decision.labels,
        "decisions_by_sector": decisions_by(draft, "sector") if published else [],
        "decisions_by_gender": decisions_by(draft, "gender") if published else [],
        "draft": draft,
        "policy": draft.policy,
        "summary": draft_summary(draft, sections),
        "small_cell": SMALL_CELL,
        "closed_message": None if draft.is_open_for_comments() else closed_message(draft),
        "demo_content": draft.policy.is_demonstration,
    }
    response = render(request, "consultation/what_we_heard.html", context)
    # Purged when a comment, a response or a view restriction changes (page_cache); a draft
    # that not everyone may see is never kept.
    response.cache_for_readers = visibility.is_public(draft)
    return response
