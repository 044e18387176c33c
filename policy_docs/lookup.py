"""Finding a page from what a person types on the command line: its id or its URL path."""

from urllib.parse import urlsplit

from .ids import id_from
from .models import DraftPage, PolicyPage


def page_by_reference(queryset, reference: str):
    """The page of `queryset` whose id is `reference`, or whose URL path on its site is
    `reference` ("/diaspora/draft-2/", "diaspora/draft-2" or a full URL). None when no page,
    or more than one, fits."""
    reference = reference.strip()
    if (pk := id_from(reference)) is not None:
        return queryset.filter(pk=pk).first()
    path = "/" + urlsplit(reference).path.strip("/") + "/"
    if path == "//":
        return None
    candidates = list(queryset.filter(url_path__endswith=path))
    exact = [page for page in candidates if (page.get_url_parts() or (None,) * 3)[2] == path]
    if len(exact) == 1:
        return exact[0]
    return candidates[0] if len(candidates) == 1 else None


def draft_by_reference(reference: str) -> DraftPage | None:
    return page_by_reference(DraftPage.objects.all(), reference)


def policy_by_reference(reference: str) -> PolicyPage | None:
    return page_by_reference(PolicyPage.objects.all(), reference)
