from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from .enums import DraftStatus
from .models import DraftPage, PolicyPage
from .views import DraftImportView, ImportWordDraftView, StartNextDraftView


@hooks.register("register_admin_urls")
def register_policy_docs_urls():
    return [
        path(
            "policy-docs/<int:policy_id>/start-next-draft/",
            StartNextDraftView.as_view(),
            name="policy_docs_start_next_draft",
        ),
        path(
            "policy-docs/<int:policy_id>/import-word-draft/",
            ImportWordDraftView.as_view(),
            name="policy_docs_import_word_draft",
        ),
        path(
            "policy-docs/<int:policy_id>/word-imports/<int:pk>/",
            DraftImportView.as_view(),
            name="policy_docs_word_import",
        ),
    ]


def _new_draft_buttons(page, user, priority):
    """The "Start next draft" and "Import Word draft" buttons, for those who may add a draft."""
    if (
        issubclass(page.specific_class, PolicyPage)
        and page.permissions_for_user(user).can_add_subpage()
    ):
        yield Button(
            _("Start next draft"),
            url=reverse("policy_docs_start_next_draft", args=[page.pk]),
            icon_name="doc-full",
            priority=priority,
        )
        yield Button(
            _("Import Word draft"),
            url=reverse("policy_docs_import_word_draft", args=[page.pk]),
            icon_name="upload",
            priority=priority + 1,
        )


@hooks.register("register_page_listing_more_buttons")
def new_draft_listing_buttons(page, user, next_url=None):
    yield from _new_draft_buttons(page, user, priority=9)


@hooks.register("register_page_header_buttons")
def new_draft_header_buttons(page, user, view_name, next_url=None):
    yield from _new_draft_buttons(page, user, priority=16)


@hooks.register("before_edit_page")
def refuse_to_edit_adopted_draft(request, page):
    """An adopted policy is the record of what was adopted: it is revised through a new
    draft, never edited in place."""
    if DraftPage.objects.filter(pk=page.pk, live=True, status=DraftStatus.ADOPTED).exists():
        messages.error(
            request,
            _(
                "“%(draft)s” has been adopted and can no longer be edited. To revise the policy, "
                "use “Start next draft” on the policy."
            )
            % {"draft": page.title},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
