"""Public views of the policy documents that are not Wagtail pages."""

import io

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from wagtail.models import Page

from .models import DraftPage
from .word_export import DOCX_CONTENT_TYPE, export_filename, export_policy


def draft_download(request, draft_id):
    """A published draft as a Word document, for whoever may read the draft on the site."""
    draft = get_object_or_404(DraftPage.objects.live(), pk=draft_id)
    hidden_ancestor = Page.objects.ancestor_of(draft).filter(depth__gt=1, live=False).exists()
    refused = any(not r.accept_request(request) for r in draft.get_view_restrictions())
    if hidden_ancestor or refused:
        raise Http404
    output = io.BytesIO()
    export_policy(
        draft=draft, output=output, page_url=request.build_absolute_uri(draft.get_url(request))
    )
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=export_filename(draft),
        content_type=DOCX_CONTENT_TYPE,
    )
