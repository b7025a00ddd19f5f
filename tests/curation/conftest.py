"""Users per role, and a helper that submits an admin form the way a browser would."""

import datetime
import types
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from catalog.curation.roles import LOKET_EDITOR, PROVINCIAL_ADMIN, REGIONAL_CURATOR
from catalog.models import (
    CuratorRegion,
    EditorAssignment,
    InstrumentStatus,
    LinkCheck,
    Organisation,
    OrganisationEditor,
    OutdatedReport,
    PublicationStatus,
    Region,
    ReportStatus,
)
from routekaart.role_setup import setup_roles
from tests.factories import InstrumentFactory, OrganisationFactory

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


@pytest.fixture
def needs_attention(make_user):
    """An editor of one organisation whose records need attention in every way the review dashboard knows,
    with an archived record (never listed) and a record of someone else beside them."""
    today = timezone.localdate()
    own = OrganisationFactory(name="Eigen organisatie", last_reviewed=today)
    records = types.SimpleNamespace(
        own=own,
        user=make_user("redacteur-eigen", LOKET_EDITOR, organisations=[own]),
        stale=InstrumentFactory(name="Oude regeling", provider=own, last_reviewed=datetime.date(2020, 1, 1)),
        never=InstrumentFactory(name="Nieuwe regeling", provider=own, last_reviewed=None),
        expired=InstrumentFactory(
            name="Verlopen regeling",
            provider=own,
            last_reviewed=today,
            status=InstrumentStatus.OPEN,
            closes_on=today - datetime.timedelta(days=3),
        ),
        reported=InstrumentFactory(name="Prima regeling", provider=own, last_reviewed=today),
        archived=InstrumentFactory(
            name="Gearchiveerde regeling",
            provider=own,
            last_reviewed=None,
            publication_status=PublicationStatus.ARCHIVED,
        ),
        elsewhere=InstrumentFactory(name="Regeling van een ander", last_reviewed=None),
    )
    LinkCheck.objects.create(
        content_type=ContentType.objects.get_for_model(own),
        object_id=own.pk,
        url="https://example.org/weg",
        checked_at=timezone.now(),
        status_code=404,
        ok=False,
    )
    OutdatedReport.objects.create(
        record_kind="instrument", record_slug=records.reported.slug, message="Klopt niet"
    )
    OutdatedReport.objects.create(
        record_kind="instrument",
        record_slug=records.stale.slug,
        message="Al gedaan",
        status=ReportStatus.AFGEHANDELD,
    )
    return records
