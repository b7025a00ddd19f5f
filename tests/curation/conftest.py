"""Users per role, and a helper that submits an admin form the way a browser would."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, User

from catalog.curation.roles import LOKET_EDITOR, PROVINCIAL_ADMIN, REGIONAL_CURATOR
from catalog.models import CuratorRegion, EditorAssignment, Organisation, OrganisationEditor, Region
from routekaart.role_setup import setup_roles

pytest.register_assert_rewrite("tests.fixtures_roles")

from tests.fixtures_roles import (  # noqa: E402, F401  (fixtures, found by pytest by name)
    curator,
    editor,
    instrument,
    loket,
    municipality,
    other_editor,
    other_instrument,
    other_loket,
    other_region,
    province,
    region,
)

PASSWORD = "een-lang-testwachtwoord-42"


@pytest.fixture
def make_user(db):
    setup_roles()

    def make(username, role=None, *, organisations=(), regions=(), assigned=()):
        user = User.objects.create_user(
            username, email=f"{username}@example.nl", password=PASSWORD, is_staff=True
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        for organisation in organisations:
            if isinstance(organisation, str):
                organisation = Organisation.objects.get(slug=organisation)
            OrganisationEditor.objects.create(user=user, organisation=organisation)
        for curated in regions:
            if isinstance(curated, str):
                curated = Region.objects.get(slug=curated)
            CuratorRegion.objects.create(user=user, region=curated)
        for record in assigned:
            EditorAssignment.objects.create(user=user, **{type(record)._meta.model_name: record})
        return user

    return make


@pytest.fixture
def twente_editor(make_user):
    return make_user("redacteur-twente", LOKET_EDITOR, organisations=["novel-t"])


@pytest.fixture
def zwolle_editor(make_user):
    return make_user("redacteur-zwolle", LOKET_EDITOR, organisations=["kennispoort-regio-zwolle"])


@pytest.fixture
def twente_curator(make_user):
    return make_user("curator-twente", REGIONAL_CURATOR, regions=["twente"])


@pytest.fixture
def provincial_admin(make_user):
    return make_user("provincie", PROVINCIAL_ADMIN)


class _FormReader(HTMLParser):
    """Collects the values a browser would submit from the admin's main form."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea, self.in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post" and "_form" in attrs.get("id", ""):
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            value = self.textarea[1]
            self.data.append((self.textarea[0], value[1:] if value.startswith("\n") else value))
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def form_data(html, **changes):
    """The admin form's current values in `html`, with `changes` applied: a dict of lists for client.post."""
    reader = _FormReader()
    reader.feed(html)
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def submit(client, url, **changes):
    """Open the admin form at `url`, change some fields and save, as an editor in a browser would."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, form_data(page.content.decode(), **changes))
