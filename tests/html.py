"""Read a response as a visitor or a browser would: its text, links, headings and forms, not raw markup."""

from bs4 import BeautifulSoup
from django.http import HttpResponseBase


def page(response):
    """The parsed HTML of a Django test response."""
    return BeautifulSoup(response.content.decode(), "html.parser")


def _node(response_or_node):
    return page(response_or_node) if isinstance(response_or_node, HttpResponseBase) else response_or_node


def text(response_or_node):
    """The visible text, white space folded."""
    return " ".join(_node(response_or_node).get_text(" ").split())


def links(response_or_node):
    """{href: link text} of every link."""
    node = _node(response_or_node)
    return {a["href"]: " ".join(a.get_text(" ").split()) for a in node.find_all("a", href=True)}


def form_data(form):
    """What a browser would submit from `form` (a parsed <form>), as {name: [values]}."""
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.name == "select":
            values = [o.get("value", o.get_text()) for o in field.find_all("option", selected=True)]
        elif field.name == "textarea":
            values = [field.get_text()]
        elif field.get("type") in {"checkbox", "radio"}:
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        else:
            values = [field.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data
