from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from search_index.backend import SearchIndexUnavailableError

from ..forms.search import PublicSearchForm
from ..middleware import search_unavailable_response
from ..public_search import PublicSearch

FACET_TITLES = {
    "draft": _("Draft"),
    "section": _("Section"),
    "sector": _("Sector of the commenter"),
}


@dataclass
class FacetLink:
    label: str
    count: int
    url: str
    selected: bool


def _url_with(params, name, value=None) -> str:
    """The current search with facet ``name`` set to ``value`` (or removed), on page 1."""
    query = params.copy()
    for key in (name, "page"):
        query.pop(key, None)
    if value is not None:
        query[name] = value
    return "?" + query.urlencode()


def _facets(params, outcome) -> list[dict]:
    facets = []
    for name, choices in (
        ("draft", outcome.drafts),
        ("section", outcome.sections),
        ("sector", outcome.sectors),
    ):
        selected = params.get(name, "")
        links = [
            FacetLink(c.label, c.count, _url_with(params, name, c.value), c.value == selected)
            for c in choices
        ]
        facets.append(
            {
                "name": name,
                "title": FACET_TITLES[name],
                "choices": links,
                "clear_url": _url_with(params, name),
            }
        )
    return facets


def search(request):
    """/search/?q=…: the policy text and the published comments, with facets. Each search
    costs the index some work: each address may run SEARCH_RATE_PER_IP of them."""
    if request.GET and is_ratelimited(
        request, group="search", key="ip", rate=settings.SEARCH_RATE_PER_IP, increment=True
    ):
        message = gettext("You have searched many times in a short time. Please wait a minute "
                          "and try again.")  # fmt: skip
        return render(
            request, "429.html", {"message": message}, status=HTTPStatus.TOO_MANY_REQUESTS
        )
    form = PublicSearchForm(request.GET or None, request=request)
    context = {"form": form, "outcome": None, "unavailable": False}
    status = 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        public_search = PublicSearch(
            data["q"],
            kind=data["kind"],
            draft=data["draft"],
            section_key=data["section"],
            sector=data["sector"],
            include_older=data["older"],
            request=request,
        )
        context["search"] = public_search
        try:
            outcome = public_search.run(page_number=data["page"] or 1)
        except SearchIndexUnavailableError:
            # The backend has queued a rebuild; the page says to come back in a few minutes.
            context["unavailable"] = True
        else:
            context["outcome"] = outcome
            context["facets"] = _facets(request.GET, outcome)
    elif form.is_bound:
        status = 400
    response = render(request, "consultation/search.html", context, status=status)
    if context["unavailable"]:
        return search_unavailable_response(response)
    return response
