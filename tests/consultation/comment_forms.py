"""Posting comments as a browser does: the hidden security fields come from the rendered form."""

from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from consultation.models import Sector


def comment_page_form(client, section, reply_to_comment=None):
    """The form fields of the section's comment page (or of a reply page), as rendered."""
    url = (
        reverse("comment_reply", args=[reply_to_comment.pk])
        if reply_to_comment
        else reverse("section_comment", args=[section.pk])
    )
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return querydict_from_html(response.content.decode(), form_index=_form_index(response))


def _form_index(response):
    html = response.content.decode()
    # The comment form is the last form of the page (the header may hold a sign-out form).
    return html.count("<form") - 1


def post_comment(client, section, reply_to_comment=None, **fields):
    data = comment_page_form(client, section, reply_to_comment=reply_to_comment)
    values = {
        "name": "Palesa Mokoena",
        "email": "palesa@example.org",
        "comment": "Dual citizenship should cover children born abroad.",
        "gender": "woman",
        "sector": str(Sector.objects.get(name="Diaspora association").pk),
        "country": "ZA",
        "public_identity": "named",
        "consent": "on",
        **fields,
    }
    for name, value in values.items():
        data[name] = value
    return client.post(reverse("comments-post-comment"), data)
