"""django-allauth's adapter for the stakeholders' accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import DatabaseError


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
