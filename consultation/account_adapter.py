"""django-allauth's adapter for the stakeholders' accounts."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import DatabaseError

from .client_addresses import client_address


class AccountAdapter(DefaultAccountAdapter):
    def authenticate(self, request, **credentials):
        """allauth counts every sign-in against the address's allowance of failed attempts
        (`login_failed`) and gives the attempt back when the password is right. A sign-in cut
        off by the database (a restart) is neither, and must not count: otherwise, after an
        outage, everyone behind one address is told "too many failed attempts"."""
        try:
            return super().authenticate(request, **credentials)
        except DatabaseError:
            self._rollback_login_failed_rl_usage()  # allauth's own give-back (private)
            raise

    def get_client_ip(self, request):
        """allauth's limits per address count the visitor worked out from the trusted proxies
        (client_addresses.py), like the comment limits and django-axes. allauth's own
        ALLAUTH_TRUSTED_PROXY_COUNT stays unset: it would read the header a second time."""
        return client_address(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails greet from and link to the site as the settings name it, not
        Django's sites framework (whose row says "example.com", and which nobody edits here):
        a confirmation from "example.com" reads as phishing."""
        site = SimpleNamespace(
            name=settings.WAGTAIL_SITE_NAME,
            domain=urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc,
        )
        super().send_mail(template_prefix, email, {"current_site": site, **context})
