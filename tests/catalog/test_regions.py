"""catalog.regions: the region graph and its lineage, on graphs each test builds itself."""

import pytest
from django.core.exceptions import ValidationError

from catalog.admin.records import RegionForm
from catalog.models import Instrument, Organisation, Scope
from tests.factories import InstrumentFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def graph():
    """europa > land > landsdeel > provincie > two regions > a municipality in both, and a neighbour."""
    eu = RegionFactory(scope=Scope.EUROPA)
    land = RegionFactory(scope=Scope.LAND, parents=[eu])
    landsdeel = RegionFactory(scope=Scope.LANDSDEEL, parents=[land])
    provincie = RegionFactory(scope=Scope.PROVINCIE, parents=[landsdeel])
    noord = RegionFactory(scope=Scope.REGIO, parents=[provincie])
    zuid = RegionFactory(scope=Scope.REGIO, parents=[provincie])
    grensgemeente = RegionFactory(scope=Scope.GEMEENTE, parents=[noord, zuid])
    buurgemeente = RegionFactory(scope=Scope.GEMEENTE, parents=[zuid])
    return locals()


def test_a_firm_is_served_by_everything_whose_scope_contains_its_municipality(
    graph, django_assert_num_queries
):
    at = {name: InstrumentFactory(regions=[region]) for name, region in graph.items()}
    other_land = RegionFactory(scope=Scope.LAND, parents=[graph["eu"]])
    InstrumentFactory(regions=[other_land])

    with django_assert_num_queries(1):
        served = set(Instrument.objects.serving(graph["buurgemeente"]))

    assert served == {at[name] for name in ("eu", "land", "landsdeel", "provincie", "zuid", "buurgemeente")}


def test_a_municipality_in_two_regions_gets_both_without_duplicates(graph):
    noord_only = InstrumentFactory(regions=[graph["noord"]])
    both = InstrumentFactory(regions=[graph["noord"], graph["zuid"]])

    served = list(Instrument.objects.serving(graph["grensgemeente"]))

    assert noord_only in served
    assert served.count(both) == 1
    assert noord_only not in Instrument.objects.serving(graph["buurgemeente"])


def test_organisations_are_found_by_werkgebied_the_same_way(graph):
    loket = OrganisationFactory(kind=Organisation.Kind.INNOVATIELOKET)
    loket.regions.set([graph["zuid"]])
    assert list(Organisation.objects.innovatieloketten().serving(graph["buurgemeente"])) == [loket]
    assert not Organisation.objects.innovatieloketten().serving(graph["noord"]).filter(pk=loket.pk).exists()


def test_lineage_follows_changes_to_parents(graph):
    zuid_only = InstrumentFactory(regions=[graph["zuid"]])
    graph["grensgemeente"].parents.remove(graph["zuid"])
    assert zuid_only not in Instrument.objects.serving(graph["grensgemeente"])
    graph["grensgemeente"].parents.add(graph["zuid"])
    assert zuid_only in Instrument.objects.serving(graph["grensgemeente"])


def test_new_region_without_parents_serves_only_itself():
    island = RegionFactory(scope=Scope.EUROPA)
    assert list(island.lineage.all()) == [island]


def test_a_cycle_in_the_region_graph_is_refused():
    a = RegionFactory(scope=Scope.REGIO)
    b = RegionFactory(scope=Scope.REGIO, parents=[a])
    with pytest.raises(ValidationError):
        a.parents.add(b)


def test_editor_cannot_put_a_region_inside_a_smaller_one(graph):
    form = RegionForm(
        data={
            "name": "Nieuwe provincie",
            "slug": "nieuwe-provincie",
            "scope": Scope.PROVINCIE,
            "parents": [graph["noord"].pk],
            "publication_status": "concept",
        }
    )
    assert not form.is_valid()
    assert "groter gebied" in str(form.errors["parents"])
    assert form.data["name"] == "Nieuwe provincie"  # what the editor typed is still there
