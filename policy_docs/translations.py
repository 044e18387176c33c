"""Language versions of a policy (Wagtail's locales). The drafters write each draft in the
default language first; a Sesotho version is a translation of it (the admin's "Translate"
action copies the page, its sections and their keys). The default-language draft stays the
source: comments on any language version count towards its sections."""

from django.http import Http404
from wagtail.models import Locale


def source_draft(draft):
    """The default-language version of a draft (the draft itself if it is that version, or
    if it has none)."""
    default = Locale.get_default()
    if draft.locale_id == default.pk:
        return draft
    return (
        type(draft).objects.filter(translation_key=draft.translation_key, locale=default).first()
        or draft
    )


def source_section(section):
    """The section with the same key in the default-language version of its draft; the
    section itself if that version has no such section."""
    draft = source_draft(section.page)
    if draft.pk == section.page_id:
        return section
    return draft.sections.filter(key=section.key).first() or section


class FallbackToDefaultLanguageMixin:
    """Routes a path that this language version lacks to the same path under the default
    language's page: a reader who chose Sesotho still reaches every draft, in English where
    there is no Sesotho version yet."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            source = self.get_translation_or_none(Locale.get_default())
            if not path_components or source is None or source.pk == self.pk:
                raise
            return source.specific.route(request, path_components)
