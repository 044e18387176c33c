"""The comment form's long <select>s render their options from a copy kept in the process,
to the same HTML as Django's own Select widget (templates and all)."""

import pytest
from django import forms
from django.utils import translation

from consultation.forms.comments import SectionCommentForm
from consultation.forms.widgets import CachedOptionsSelect
from consultation.models import Sector

ATTRS = {"id": "id_field", "required": True, "aria-describedby": "id_field_helptext"}


def djangos_own(widget):
    return forms.Select(attrs=widget.attrs, choices=widget.choices)


@pytest.mark.parametrize("language", ["en", "st"])
@pytest.mark.parametrize("value", [None, "", "ZA", "CI", "XX"])
def test_the_country_select_is_djangos_html(language, value):
    widget = SectionCommentForm.base_fields["country"].widget
    assert isinstance(widget, CachedOptionsSelect)
    with translation.override(language):
        for _ in range(2):  # built, then from the copy
            html = widget.render("country", value, ATTRS)
            assert html == djangos_own(widget).render("country", value, ATTRS)
    assert html.count("<option") > 240


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "st"])
def test_the_sector_select_is_djangos_html_and_follows_changes(language):
    widget = SectionCommentForm.base_fields["sector"].widget
    sector = Sector.objects.active().first()
    with translation.override(language):
        for value in (None, "", sector.pk, str(sector.pk)):
            html = widget.render("sector", value, ATTRS)
            assert html == djangos_own(widget).render("sector", value, ATTRS)
        Sector.objects.create(name="Fishing & <fisheries>", is_active=True)
        html = widget.render("sector", None, ATTRS)
        assert "Fishing &amp; &lt;fisheries&gt;" in html
        assert html == djangos_own(widget).render("sector", None, ATTRS)


def test_odd_values_labels_and_attributes_are_escaped_as_django_does():
    choices = [("", "None"), ('a"b', "Tom & Jerry's <b>"), (3, "Three"), ("3", "Again")]
    widget = CachedOptionsSelect(attrs={"data-x": 'q"<', "disabled": True, "hidden": False},
                                 choices=choices)  # fmt: skip
    for value in (None, 3, "3", 'a"b', ["3", 'a"b']):
        assert widget.render("n&m", value, ATTRS) == djangos_own(widget).render("n&m", value, ATTRS)


def test_groups_of_options_are_left_to_django():
    choices = [("Africa", [("ZA", "South Africa"), ("LS", "Lesotho")]), ("", "Elsewhere")]
    widget = CachedOptionsSelect(choices=choices)
    assert widget.render("c", "LS") == forms.Select(choices=choices).render("c", "LS")
