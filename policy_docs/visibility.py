"""Who may see a draft: the one rule every public view asks, so that a draft hidden by
Wagtail (unpublished, under an unpublished page, or behind a view restriction on it or on an
ancestor: a password, signed-in users only, or some groups only) shows nothing of itself
anywhere else either: its sections, comments, comparisons, downloads, aggregates, search hits,
title in listings, and cached copies.

The checks are Wagtail's own (`PageViewRestriction.accept_request`, `get_view_restrictions`),
so a visitor who entered the password or signed in sees everything Wagtail shows them.

- `draft_visible_to(draft, request)`: one draft.
- `visible_pages_q(request, via=...)`: a filter for many (drafts, or sections and comments
  through `via`), for listings, search and choices.
- `refusal(draft, request)`: the answer to a refused request, as Wagtail answers on the draft
  page itself (its password form, or its sign-in redirect), or a 404 where even the draft's
  existence must not show.
- `is_public(page)`: visible to everyone, so a copy may be shared (the page cache, the
  download cache).
- `visibility_signature(request)`: the same for requests that see the same pages, to key
  fragments kept for all of them.
- `draft_visible_to_account(draft, user)`: for e-mails that carry a draft's words (follow-ups,
  answers), whether their recipient may read it.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail.models import Page, PageViewRestriction


def _hidden_by_ancestor(page) -> bool:
    """Under an unpublished page (the root, depth 1, is never live)."""
    return Page.objects.ancestor_of(page).filter(depth__gt=1, live=False).exists()


def _passes(restriction, request) -> bool:
    # No request stands for the public at large: no password entered, nobody signed in.
    return request is not None and restriction.accept_request(request)


def refused_restrictions(page, request) -> list[PageViewRestriction]:
    """The view restrictions on `page` or its ancestors that `request` does not pass."""
    return [r for r in page.get_view_restrictions() if not _passes(r, request)]


def draft_visible_to(draft, request) -> bool:
    """Whether `request` may read `draft` (or any page) and everything shown of it."""
    if draft is None or not draft.live or _hidden_by_ancestor(draft):
        return False
    return not refused_restrictions(draft, request)


def draft_visible_to_account(draft, user) -> bool:
    """Whether the holder of `user` (None: someone known only by an e-mail address) may read
    `draft`. No one passes a password restriction here: an e-mail cannot show that its reader
    knows the password."""
    request = HttpRequest()
    request.user = user if user is not None else AnonymousUser()
    request.session = {}
    return draft_visible_to(draft, request)


def is_public(page) -> bool:
    """Live, under live pages and under no view restriction: anyone may see it, so a copy
    of what it shows may be kept for everyone."""
    if not page.live or _hidden_by_ancestor(page):
        return False
    return not page.get_view_restrictions().exists()


def _subtree_q(path: str, via: str) -> Q:
    return Q(**{f"{via}path__startswith": path})


def visible_pages_q(request, *, via: str = "") -> Q:
    """A filter keeping the pages `request` (None: anyone) may see: for a queryset of pages
    (`via=""`) or of rows pointing at one (`via="page__"` for sections, `via="section__page__"`
    for comments).
    Live pages only, outside the subtrees of unpublished pages and of restrictions the request
    does not pass."""
    hidden = Q(**{f"{via}live": False})
    # Unpublished pages with children hide their subtree (depth 1 is the root, never live).
    for path in Page.objects.filter(live=False, depth__gt=1, numchild__gt=0).values_list(
        "path", flat=True
    ):
        hidden |= _subtree_q(path, via)
    for restriction in PageViewRestriction.objects.select_related("page"):
        if not _passes(restriction, request):
            hidden |= _subtree_q(restriction.page.path, via)
    return ~hidden


def visibility_signature(request) -> str:
    """What `visible_pages_q(request)` depends on besides which pages are published: every
    view restriction and whether `request` passes it. Requests with the same signature see
    the same pages, so a fragment built for one may be shown to the others."""
    return ",".join(
        f"{restriction.pk}{'+' if _passes(restriction, request) else '-'}"
        for restriction in PageViewRestriction.objects.order_by("pk")
    )


def refusal(draft, request):
    """The response to a request for something of `draft` that `request` may not see, as
    Wagtail answers on the draft page itself: its password form (posting to Wagtail's own
    view, then back to this address), or the sign-in page with a way back. A draft that is
    not published, or under an unpublished page, is a 404: nothing says it exists."""
    if draft is None or not draft.live or _hidden_by_ancestor(draft):
        raise Http404
    refused = refused_restrictions(draft, request)
    if not refused:
        raise ValueError("refusal() called for a draft the request may see")
    restriction = refused[0]
    if restriction.restriction_type == PageViewRestriction.PASSWORD:
        from wagtail.forms import PasswordViewRestrictionForm

        form = PasswordViewRestrictionForm(
            instance=restriction, initial={"return_url": request.get_full_path()}
        )
        action_url = reverse(
            "wagtailcore_authenticate_with_password", args=[restriction.pk, draft.pk]
        )
        response = draft.specific.serve_password_required_response(request, form, action_url)
    else:
        from wagtail.wagtail_hooks import require_wagtail_login

        response = require_wagtail_login(next=request.get_full_path())
    add_never_cache_headers(response)
    return response


def visible_or_refusal(draft, request):
    """None when `request` may see `draft`, else the response that refuses it."""
    return None if draft_visible_to(draft, request) else refusal(draft, request)
