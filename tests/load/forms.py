"""The forms of a page, and what a browser sends back from one: for the load test's commenters
(locustfile.py) and cost_per_request.py."""

from html.parser import HTMLParser


class Forms(HTMLParser):
    """The forms of a page with their fields, as a browser would send them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "fields": []})
            return
        if not self.forms:
            return
        fields, name = self.forms[-1]["fields"], attributes.get("name")
        required = "required" in attributes
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            fields.append({"kind": kind, "name": name, "value": attributes.get("value") or "",
                           "checked": "checked" in attributes, "required": required})  # fmt: skip
        elif tag == "select" and name:
            self._select = {"kind": "select", "name": name, "options": [], "required": required}
            fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attributes.get("value", ""), "selected" in attributes))
        elif tag == "textarea" and name:
            self._textarea = {"kind": "textarea", "name": name, "value": "", "required": required}
            fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data


def form_posting_to(html: str, action_part: str) -> dict | None:
    return next((f for f in Forms(html).forms if action_part in f["action"]), None)


def form_data(form: dict, values: dict) -> list[tuple[str, str]]:
    """What a browser sends when the person types `values` and leaves the rest as rendered,
    except that every required box is ticked and every required choice takes the first
    option offered."""
    data, done = [], set()
    for field in form["fields"]:
        name, kind = field["name"], field["kind"]
        if name in done or kind in {"submit", "button", "image", "reset", "file"}:
            continue
        if name in values:
            data.append((name, values[name]))
            done.add(name)
        elif kind == "checkbox":
            if field["checked"] or field["required"]:
                data.append((name, field["value"] or "on"))
        elif kind == "radio":
            group = [f for f in form["fields"] if f["name"] == name]
            chosen = next((f for f in group if f["checked"]), None)
            if chosen is None and field["required"]:
                chosen = next((f for f in group if f["value"]), None)
            if chosen is not None:
                data.append((name, chosen["value"]))
            done.add(name)
        elif kind == "select":
            offered = [value for value, _selected in field["options"] if value]
            value = next((v for v, selected in field["options"] if selected), "")
            if not value and field["required"] and offered:
                value = offered[0]
            data.append((name, value))
        else:
            value = field["value"].removeprefix("\n")  # a browser drops a textarea's first newline
            if not value and field["required"]:
                value = "loadtest@example.org" if kind == "email" else "Load test"
            data.append((name, value))
    return data
