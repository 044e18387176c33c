"""A <select> that renders its options without Django's templates, for long lists shown on
pages many people open (the country of residence: about 250 options)."""

from django import forms
from django.utils import translation
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

# Options' HTML by (language, choices), for the life of the process. A handful of keys: two
# languages, and a new list of sectors now and then.
_OPTIONS_HTML: dict[tuple, tuple[list[str], dict[str, int]]] = {}
_MOST_KEPT = 32


def _attributes_html(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option_html(value: str, label, selected: bool) -> str:
    """As django/forms/widgets/select_option.html writes one, included by select.html."""
    chosen = " selected" if selected else ""
    return f'\n  <option value="{escape(value)}"{chosen}>{conditional_escape(label)}</option>\n'


class CachedOptionsSelect(forms.Select):
    """Django's Select, rendered to the same HTML (tests/consultation/test_widgets.py), with
    its options built once per language and list of choices instead of through two templates
    each on every form (about 35 ms for the countries, on every comment page)."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = [("" if v is None else str(v), label) for v, label in self.choices]
        if self.allow_multiple_selected or any(isinstance(lbl, list | tuple) for _, lbl in choices):
            return super().render(name, value, attrs, renderer)  # groups: Django's way
        options, positions = self._options(choices)
        # Django marks the first option, in the list's order, whose value was given.
        given = [positions[v] for v in self.format_value(value) if v in positions]
        if given:
            options = list(options)
            position = min(given)
            options[position] = _option_html(choices[position][0], choices[position][1], True)
        attributes = _attributes_html(self.build_attrs(self.attrs, attrs))
        html = f'<select name="{escape(name)}"{attributes}>{"".join(options)}\n</select>'
        return mark_safe(html)  # noqa: S308 - every value and label is escaped above

    @staticmethod
    def _options(choices) -> tuple[list[str], dict[str, int]]:
        key = (translation.get_language(), tuple((v, str(label)) for v, label in choices))
        if (kept := _OPTIONS_HTML.get(key)) is None:
            if len(_OPTIONS_HTML) >= _MOST_KEPT:
                _OPTIONS_HTML.clear()
            positions = {}
            for position, (value, _label) in enumerate(choices):
                positions.setdefault(value, position)
            options = [_option_html(value, label, False) for value, label in choices]
            kept = _OPTIONS_HTML[key] = (options, positions)
        return kept
