"""Small HTML readers for form tests, independent of attribute order."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inputs, self.selected, self.textareas = [], {}, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input":
            self.inputs.append(attrs)
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.selected[self._select] = attrs.get("value")
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.textareas[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.textareas[self._textarea] += data


def read_form(html: str) -> dict:
    """{'checked': {name: [values]}, 'values': {name: value}, 'selected': {...}, 'textareas': {...}}"""
    reader = _FormReader()
    reader.feed(html)
    checked, values = {}, {}
    for attrs in reader.inputs:
        name = attrs.get("name")
        if attrs.get("type") in {"radio", "checkbox"}:
            if "checked" in attrs:
                checked.setdefault(name, []).append(attrs.get("value", "on"))
        elif name:
            values[name] = attrs.get("value", "")
    return {
        "checked": checked,
        "values": values,
        "selected": reader.selected,
        "textareas": {k: v.removeprefix("\n") for k, v in reader.textareas.items()},
    }
