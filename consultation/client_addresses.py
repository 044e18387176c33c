"""The visitor's address, worked out once per request for everything that keys on it: the
comment and submission rate limits (django-ratelimit), the sign-in lock-outs (django-axes),
allauth's own limits and the address stored with a comment.

Behind the HTTPS proxy every connection comes from the proxy. Each trusted proxy appends the
address it received the request from to X-Forwarded-For, so with TRUSTED_PROXY_COUNT proxies
the visitor is the entry that many places from the right; everything to its left was sent by
the visitor and may be forged. With TRUSTED_PROXY_COUNT = 0 the header is ignored and the
connection's own address (REMOTE_ADDR) is the visitor's."""

import ipaddress

from django.conf import settings

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_address_from(meta, trusted_proxy_count: int) -> str:
    """The visitor's address from a request's META. The header is split on every comma,
    without reading quotes or other syntax in it: any such parsing lets a visitor's own part
    of the header swallow the proxy's entry (a parser that skips what it cannot read then
    picks the visitor's forged address). When the entry at the trusted position is missing or
    not an address (a request that did not come through every proxy), the connection's
    address is used: it cannot be forged, at worst such requests share one address."""
    remote = meta.get("REMOTE_ADDR", "")
    if trusted_proxy_count <= 0:
        return remote
    entries = meta.get(FORWARDED_FOR, "").split(",")
    if len(entries) < trusted_proxy_count:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-trusted_proxy_count].strip()))
    except ValueError:
        return remote


def client_address(request) -> str:
    """The visitor's address, as ClientAddressMiddleware set it. Named in the settings of
    django-ratelimit (RATELIMIT_IP_META_KEY) and django-axes (AXES_CLIENT_IP_CALLABLE), and
    used by allauth's adapter, so that all of them count the same visitor."""
    return request.META.get("REMOTE_ADDR", "")


class ClientAddressMiddleware:
    """First in MIDDLEWARE: replaces REMOTE_ADDR with the visitor's address, once, before
    anything reads it (the proxy's own address stays in PROXY_REMOTE_ADDR)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TRUSTED_PROXY_COUNT > 0:
            request.META["PROXY_REMOTE_ADDR"] = request.META.get("REMOTE_ADDR", "")
            request.META["REMOTE_ADDR"] = client_address_from(
                request.META, settings.TRUSTED_PROXY_COUNT
            )
        return self.get_response(request)
