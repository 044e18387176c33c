"""Form data for Wagtail's page editor, as the browser would post it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def section_data(heading, level=2, key="", text="Text.", pk=None):
    data = {
        "heading": heading,
        "level": str(level),
        "key": key,
        "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
    }
    if pk is not None:
        data["id"] = str(pk)
    return data


def draft_form_data(sections=(), initial_sections=0, publish=True, **fields):
    data = {
        "title": "Draft 1",
        "slug": "draft-1",
        "status": "preparation",
        "opens_at": "",
        "closes_at": "",
        "introduction": rich_text("<p>Introduction.</p>"),
        "changes_summary": rich_text(""),
        "sections": inline_formset(list(sections), initial=initial_sections),
        "comments": inline_formset([]),
        **fields,
    }
    data = nested_form_data(data)
    if publish:
        data["action-publish"] = "action-publish"
    return data


def policy_form_data(title, slug, publish=True):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "What the policy is for.",
            "introduction": rich_text("<p>About the policy.</p>"),
            "comments": inline_formset([]),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data
