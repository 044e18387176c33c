"""Public URLs of the policy documents besides their Wagtail pages (under /policy/)."""

from django.urls import path

from . import public_views

app_name = "policy_docs"

urlpatterns = [
    path("drafts/<int:draft_id>/download/", public_views.draft_download, name="draft_download"),
]
