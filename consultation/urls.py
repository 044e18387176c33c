from django.conf import settings
from django.db import transaction
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from django_comments.views.moderation import flag_done
from django_comments_xtd import views as xtd_views
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from policy_docs.public_views import authenticate_with_password

from .views.comments import flag, stop_followups
from .views.search import search

# Only the parts of django-comments-xtd that the platform uses: its REST API and feeds
# are left out so that no commenter detail can leak through them.
comment_engine_urls = [
    path("sent/", xtd_views.sent, name="comments-xtd-sent"),
    # Stores the comment with its feedback item: all or nothing.
    path("confirm/<str:key>/", transaction.atomic(xtd_views.confirm), name="comments-xtd-confirm"),
    path("mute/<str:key>/", stop_followups, name="comments-xtd-mute"),
    path("flag/<int:comment_id>/", flag, name="comments-flag"),
    path("flagged/", flag_done, name="comments-flag-done"),
]

# While the database is down: a 503 saying so instead of the server error page.
handler500 = "consultation.views.errors.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("consultation/", include("consultation.public_urls")),
    path("policy/", include("policy_docs.urls")),
    path("comments/", include(comment_engine_urls)),
    path("search/", search, name="search"),
    # The language switcher posts here from every public page. Exempt from CSRF so that those
    # pages carry no token and stay cacheable: at worst a forged post changes a reader's
    # interface language, which the switcher changes back.
    path("language/", csrf_exempt(set_language), name="set_language"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's password form of restricted pages, with a limit on wrong passwords.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
]
