"""Users per role in /beheer/, in a small world of their own.

A test module gets these fixtures with `pytest_plugins = ["tests.fixtures_roles"]`; tests/curation/conftest.py
star-imports them instead (pytest allows `pytest_plugins` only in the root conftest).

The world: a province with two regions, each served by a loket (an innovatieloket) that provides one
instrument; a municipality lies in the first region; every record cites one source. `editor` works for
`loket`, `other_editor` for `other_loket`, `curator` curates `region`, `provincial_admin` is in the group
Provinciaal beheerder. None of it comes from the starting content, so a correction to the portal's data
never changes what a test sees.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from catalog.curation.roles import LOKET_EDITOR, PROVINCIAL_ADMIN, REGIONAL_CURATOR
from catalog.models import CuratorRegion, EditorAssignment, OrganisationEditor, Scope, Source
from routekaart.role_setup import setup_roles
from tests.factories import FactorFactory, InstrumentFactory, LoketFactory, RegionFactory

__all__ = [  # the fixtures, for `from tests.fixtures_roles import *` in a conftest
    "province",
    "region",
    "municipality",
    "other_region",
    "source",
    "loket",
    "other_loket",
    "instrument",
    "other_instrument",
    "make_user",
    "editor",
    "other_editor",
    "curator",
    "provincial_admin",
]

PASSWORD = "een-lang-testwachtwoord-42"


# --- The world ---------------------------------------------------------------------------------------------


@pytest.fixture
def province(db, settings):
    """The portal's province for the test: the quickscan and the hand-off offer its places and loketten."""
    province = RegionFactory(name="Rolprovincie", scope=Scope.PROVINCIE)
    settings.PORTAL_PROVINCE = province.slug
    return province


@pytest.fixture
def region(province):
    return RegionFactory(name="Eigen regio", parents=[province])


@pytest.fixture
def municipality(region):
    return RegionFactory(name="Eigen gemeente", scope=Scope.GEMEENTE, parents=[region])


@pytest.fixture
def other_region(province):
    return RegionFactory(name="Andere regio", parents=[province])


@pytest.fixture
def source(db):
    """The page the world's records cite: a public record has at least one source."""
    return Source.objects.create(url="https://example.org/testwereld", retrieved_on=datetime.date(2026, 1, 5))


def _cited(record, source):
    record.sources.add(source)
    return record


@pytest.fixture
def loket(region, source):
    return _cited(LoketFactory(name="Eigen loket", regions=[region], factors=[FactorFactory()]), source)


@pytest.fixture
def other_loket(other_region, source):
    return _cited(LoketFactory(name="Ander loket", regions=[other_region], factors=[FactorFactory()]), source)


@pytest.fixture
def instrument(loket, region, source):
    """An instrument of `loket` for firms in `region`, checked today: its admin form saves unchanged and its
    export imports unchanged."""
    record = InstrumentFactory(
        name="Regeling van het eigen loket",
        provider=loket,
        regions=[region],
        factors=[FactorFactory()],
        last_reviewed=timezone.localdate(),
    )
    return _cited(record, source)


@pytest.fixture
def other_instrument(other_loket, other_region, source):
    record = InstrumentFactory(
        name="Regeling van het andere loket",
        provider=other_loket,
        regions=[other_region],
        factors=[FactorFactory()],
        last_reviewed=timezone.localdate(),
    )
    return _cited(record, source)


# --- Users -------------------------------------------------------------------------------------------------


@pytest.fixture
def make_user(db):
    setup_roles()

    def make(username, role=None, *, organisations=(), regions=(), assigned=()):
        """A staff user in the group `role`, working for `organisations`, curating `regions`."""
        user = User.objects.create_user(
            username, email=f"{username}@example.nl", password=PASSWORD, is_staff=True
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        for organisation in organisations:
            OrganisationEditor.objects.create(user=user, organisation=organisation)
        for region in regions:
            CuratorRegion.objects.create(user=user, region=region)
        for record in assigned:
            EditorAssignment.objects.create(user=user, **{type(record)._meta.model_name: record})
        return user

    return make


@pytest.fixture
def editor(make_user, loket, instrument):
    return make_user("redacteur", LOKET_EDITOR, organisations=[loket])


@pytest.fixture
def other_editor(make_user, other_loket, other_instrument):
    return make_user("redacteur-ander", LOKET_EDITOR, organisations=[other_loket])


@pytest.fixture
def curator(make_user, region, instrument, other_instrument):
    return make_user("curator", REGIONAL_CURATOR, regions=[region])


@pytest.fixture
def provincial_admin(make_user, instrument, other_instrument):
    return make_user("provincie", PROVINCIAL_ADMIN)
