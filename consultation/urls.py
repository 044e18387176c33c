from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from policy_docs.public_views import authenticate_with_password

from .views import comment_links, second_factor
from .views.search import search

# The pages comment forms and e-mails lead to, under the names django-comments-xtd gives them,
# all of them the platform's own: none of xtd's or django-comments' views is reachable (their
# REST API, feeds, confirm and mute views load pickles from URLs or show any comment by id).
comment_engine_urls = [
    path("sent/", comment_links.comment_sent, name="comments-xtd-sent"),
    path("confirm/<str:token>/", comment_links.confirm_comment, name="comments-xtd-confirm"),
    path("mute/<str:key>/", comment_links.stop_followups, name="comments-xtd-mute"),
    path("flag/<int:comment_id>/", comment_links.flag, name="comments-flag"),
    path("flagged/", comment_links.flag_done, name="comments-flag-done"),
]

# While the database is down: a 503 saying so instead of the server error page.
handler500 = "consultation.views.errors.server_error"

urlpatterns = [
    # Before the admin's own: open to a team member who has not passed the second factor yet.
    path("admin/second-factor/", second_factor.second_factor_verify, name="second_factor_verify"),
    path(
        "admin/second-factor/set-up/",
        second_factor.second_factor_set_up,
        name="second_factor_set_up",
    ),
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
