"""Admin views of the Word exports of the feedback: ask for one (with the inbox's filters),
follow its progress, download it, and list the recent ones."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from policy_docs.ids import id_from
from policy_docs.models import DraftSection

from ..enums import ExportStatus
from ..models import FeedbackExport, FeedbackItem
from ..review.filters import FeedbackSelection
from ..review.views import ReviewerRequiredMixin
from .background import feedback_export_request

VARIANTS = [
    ("internal", _("Internal: with the name, organisation, gender and country of each commenter")),
    ("public", _("Public: no individual's name, gender or country; small groups not counted")),
]


class DraftChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_parent().title} · {obj.title}"


class FeedbackExportForm(forms.Form):
    draft = DraftChoiceField(
        label=_("Draft"),
        queryset=FeedbackItem.objects.drafts().order_by("path"),
    )
    variant = forms.ChoiceField(
        label=_("Version"), choices=VARIANTS, initial="internal", widget=forms.RadioSelect
    )


def _draft_of(query: dict):
    """The draft that the inbox's filters point at, or else the latest with feedback."""
    if (draft_id := id_from(query.get("draft", ""))) is not None:
        return draft_id
    if (section_id := id_from(query.get("section", ""))) is not None:
        sections = DraftSection.objects.filter(pk=section_id)
        return sections.values_list("page", flat=True).first()
    latest = FeedbackItem.objects.drafts().order_by("-path")
    return latest.values_list("pk", flat=True).first()


class ExportsBreadcrumbsMixin:
    """Home › Feedback › Word exports › this page."""

    below_export_list = True

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": reverse("feedback:list"), "label": _("Feedback")}]
        if self.below_export_list:
            items.append({"url": reverse("feedback_exports"), "label": _("Word exports")})
        return [*items, {"url": "", "label": self.get_page_title()}]


class FeedbackExportStartView(
    ReviewerRequiredMixin, ExportsBreadcrumbsMixin, WagtailAdminTemplateMixin, FormView
):
    """The export form. The inbox's filters come in the query string and go with the request;
    the form only picks the draft and the version."""

    template_name = "consultation/exports/start.html"
    form_class = FeedbackExportForm
    page_title = _("Export feedback to Word")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        self.selection = FeedbackSelection(request.GET.dict())
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"draft": _draft_of(self.selection.query), "variant": "internal"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            applied=self.selection.describe(),
            filter_errors=self.selection.errors(),
            inbox_url=reverse("feedback:list") + "?" + self.request.GET.urlencode(),
            recent=FeedbackExport.objects.select_related("draft")[:5],
        )
        return context

    def form_valid(self, form):
        try:
            export = feedback_export_request(
                draft=form.cleaned_data["draft"],
                user=self.request.user,
                public=form.cleaned_data["variant"] == "public",
                query=self.selection.query,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect("feedback_export", export.pk)


class FeedbackExportView(
    ReviewerRequiredMixin, ExportsBreadcrumbsMixin, WagtailAdminTemplateMixin, DetailView
):
    """Where an export stands. While it is being written the page updates its status every few
    seconds: in place with JavaScript, by a meta refresh without it."""

    queryset = FeedbackExport.objects.select_related("draft", "requested_by")
    template_name = "consultation/exports/detail.html"
    context_object_name = "export"
    page_title = _("Word export of the feedback")
    header_icon = "download"
    refresh_seconds = 3

    def get_page_subtitle(self):
        return f"{self.object.draft.get_parent().title} · {self.object.draft.title}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            applied=FeedbackSelection(self.object.query).describe(),
            refresh_seconds=self.refresh_seconds,
        )
        return context


class FeedbackExportDownloadView(ReviewerRequiredMixin, View):
    def get(self, request, pk):
        export = get_object_or_404(FeedbackExport, pk=pk, status=ExportStatus.DONE)
        try:
            handle = export.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404("The file of this export is no longer kept.") from missing
        return FileResponse(handle, as_attachment=True, filename=export.filename)


class FeedbackExportListView(
    ReviewerRequiredMixin, ExportsBreadcrumbsMixin, WagtailAdminTemplateMixin, ListView
):
    queryset = FeedbackExport.objects.select_related("draft", "requested_by")
    template_name = "consultation/exports/list.html"
    context_object_name = "exports"
    page_title = _("Word exports of the feedback")
    header_icon = "download"
    paginate_by = 50
    below_export_list = False
