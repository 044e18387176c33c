from django import forms
from django.utils.translation import gettext_lazy as _

from policy_docs import visibility
from policy_docs.models import DraftPage

from ..enums import ResultKind
from ..models import Sector
from ..public_search import MAX_QUERY_LENGTH


class PublicSearchForm(forms.Form):
    """The public search's query string. A value that doesn't fit (a forged draft, a query
    longer than anyone types) is a form error shown on the page, never a crash."""

    q = forms.CharField(
        label=_("Search the policy and the comments"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "Your search is too long: use at most %(limit_value)d characters, "
                "a few words are enough."
            )
        },
    )
    kind = forms.ChoiceField(
        label=_("Show"), choices=[("", _("Everything")), *ResultKind.choices], required=False
    )
    draft = forms.ModelChoiceField(
        label=_("Draft"), queryset=DraftPage.objects.none(), required=False
    )
    section = forms.SlugField(label=_("Section"), required=False)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False
    )
    older = forms.BooleanField(label=_("Include older drafts"), required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only drafts this visitor may see: a restricted one is "not one of the choices".
        self.fields["draft"].queryset = DraftPage.objects.live().filter(
            visibility.visible_pages_q(request)
        )
