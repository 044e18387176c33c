"""Public (non-admin) URLs of the consultation: commenting, written submissions, accounts'
profile, "What we heard" and the privacy notice."""

from django.urls import path

from .views import comments, privacy, profile, submissions, what_we_heard

urlpatterns = [
    path("sections/<int:section_id>/comment/", comments.comment_form, name="section_comment"),
    path("comments/<int:comment_id>/reply/", comments.reply_form, name="comment_reply"),
    path("comments/post/", comments.post_comment, name="comments-post-comment"),
    path("profile/", profile.profile, name="stakeholder_profile"),
    path("drafts/<int:draft_id>/submit/", submissions.submission_form, name="submission_form"),
    path("submissions/<int:submission_id>/", submissions.submission_done, name="submission_done"),
    path(
        "submissions/<int:submission_id>/attachment/",
        submissions.submission_attachment,
        name="submission_attachment",
    ),
    path("privacy/", privacy.privacy_notice, name="privacy_notice"),
    path(
        "drafts/<int:draft_id>/what-we-heard/",
        what_we_heard.what_we_heard,
        name="what_we_heard",
    ),
]
