"""The quickscan over HTTP (routekaart/quickscan.py, profile.py and the route view): answers, redirect to the
route, messages for what is missing, and the route page a profile leads to."""

import pytest

from catalog.models import ChecklistItem
from tests.factories import (
    ChecklistFactory,
    FactorFactory,
    FirmSizeFactory,
    RegionFactory,
    ThemeFactory,
    province_world,
)
from tests.html import form_data, links, page, text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fixtures_roles"]

SITE = "http://testserver"  # the route page links absolutely, so that a printed route still points home
# Once the record sets are read: the profile, the loketten, the records of each step (tests/
# test_bounded_detail_pages.py: the same at any size of the catalogue).
ROUTE_QUERIES = 20


@pytest.fixture
def elsewhere(db):
    """A province that is not the portal's, with a region of its own: no route there."""
    return province_world(slug="elders")


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Testsector")


def quickscan_form(response):
    return page(response).find("form", class_="routekaart-quickscan")


def test_the_empty_quickscan(client, region, municipality, elsewhere, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/route/")
    assert response.status_code == 200
    shown = text(response)
    for question in ["Wilt u iets vernieuwen", "Heeft u al een concreet plan?", "Wat houdt u tegen?"]:
        assert question in shown
    groups = {
        group["label"]: {option["value"] for option in group.find_all("option")}
        for group in quickscan_form(response).select("select[name=regio] optgroup")
    }
    assert region.slug in groups["Regio's"]
    assert municipality.slug in groups["Gemeenten"]
    assert elsewhere["region"].slug not in groups["Regio's"] | groups["Gemeenten"]
    assert page(response).find(attrs={"role": "alert"}) is None


@pytest.mark.parametrize(
    ("answers", "location"),
    [
        (
            "vernieuwen=ja&plan=nee&factor=netwerk&factor=kennis&regio={region}",
            "/route/?regio={region}&type=B&factor=kennis&factor=netwerk",
        ),
        (
            "vernieuwen=ja&plan=ja&factor=financiering&regio={region}&grootte=klein&doel=nieuw",
            "/route/?regio={region}&type=C&factor=financiering&grootte=klein&doel=nieuw",
        ),
        ("vernieuwen=nee&regio={municipality}", "/route/?regio={municipality}&type=A"),
        (
            "vernieuwen=ja&plan=ja&regio={municipality}&sector={theme}",
            "/route/?regio={municipality}&type=D&sector={theme}",
        ),
    ],
)
def test_answers_redirect_to_the_canonical_route(client, region, municipality, theme, answers, location):
    slugs = {"region": region.slug, "municipality": municipality.slug, "theme": theme.slug}
    response = client.get(f"/route/?{answers.format(**slugs)}")
    assert response.status_code == 302
    assert response["Location"] == location.format(**slugs)


def test_the_route_page(client, region, loket, django_assert_max_num_queries, record_sets_kept):
    checklist = ChecklistFactory(
        title="Afspraken maken met een school (test)", order=0, factors=[FactorFactory()]
    )
    query = f"regio={region.slug}&type=B&factor=kennis&factor=netwerk"
    client.get(f"/route/?{query}")  # reads the record sets of this catalogue version
    with django_assert_max_num_queries(ROUTE_QUERIES):
        response = client.get(f"/route/?{query}")
    assert response.status_code == 200
    first_step = page(response).find(id="step-1").find_parent("section")
    assert first_step.h2.get_text(strip=True).startswith("Stap 1")
    assert links(response)[f"{SITE}/organisaties/{loket.slug}/"] == loket.name
    assert links(response)[f"/route/vraag/?{query}"] == f"Leg mijn vraag voor aan {loket.name}"
    assert links(response)[f"/route/?wijzig=1&{query}"] == "Wijzig uw antwoorden"
    assert page(response).find("link", rel="stylesheet", href=lambda href: href.endswith("route-print.css"))
    assert links(response)[f"{SITE}/checklists/{checklist.slug}/"] == checklist.title


def test_query_count_does_not_depend_on_the_route(
    client, municipality, loket, province, django_assert_max_num_queries, record_sets_kept
):
    bare_region = RegionFactory(name="Regio zonder loket", parents=[province])
    for query in [
        f"regio={bare_region.slug}&type=C&factor=financiering&factor=arbeid",
        f"regio={municipality.slug}&type=A",
    ]:
        client.get(f"/route/?{query}")  # a first visit reads the record sets it needs
        with django_assert_max_num_queries(ROUTE_QUERIES):
            assert client.get(f"/route/?{query}").status_code == 200


def test_change_answers_fills_in_the_form(client, region):
    FirmSizeFactory(slug="zzp")
    response = client.get(f"/route/?wijzig=1&regio={region.slug}&type=C&factor=arbeid&grootte=zzp")
    answers = form_data(quickscan_form(response))
    assert answers["vernieuwen"] == ["ja"]
    assert answers["plan"] == ["ja"]
    assert answers["factor"] == ["arbeid"]
    assert answers["regio"] == [region.slug]
    assert answers["grootte"] == ["zzp"]


def test_incomplete_answers_come_back_with_messages_and_keep_what_was_typed(client, theme):
    response = client.get(f"/route/?vernieuwen=ja&factor=kennis&sector={theme.slug}")
    assert response.status_code == 400
    alert = page(response).find(attrs={"role": "alert"})
    messages = [item.get_text(strip=True) for item in alert.find_all("li")]
    assert messages == ["Zeg of u al een concreet plan heeft.", "Kies uw regio of gemeente."]  # form order
    answers = form_data(quickscan_form(response))
    assert answers["vernieuwen"] == ["ja"]
    assert answers["factor"] == ["kennis"]
    assert answers["sector"] == [theme.slug]


@pytest.mark.parametrize(
    "query",
    [
        "regio=atlantis&type=B",
        "regio={region}&type=Z",
        "regio={region}&type=B&factor=geluk",
        "regio={elsewhere}&type=B",
        "regio={region}&type=B&grootte=reus",
        "vernieuwen=misschien&regio={region}",
        "regio=" + "x" * 5000,
        "type=B",
        "scan=1&factor=arbeid&regio=",
        # NUL and other control characters: PostgreSQL refuses a NUL in a query (was a 500 there)
        "regio={region}%00&type=B",
        "regio=%00&type=B",
        "regio={region}&type=B&sector=%00",
        "regio={region}&type=B&sector=x%1b",
        "regio={region}&type=B%00",
        "regio={region}&type=B&factor=kennis%00",
        "regio={region}&type=B&grootte=%00&doel=%00",
        "scan=1&vernieuwen=ja&plan=nee&regio={region}%00",
        "scan=1&vernieuwen=ja&plan=nee&regio={region}&sector=%00",
    ],
)
def test_invalid_routes_go_back_to_the_form_never_a_500(client, region, elsewhere, query):
    response = client.get("/route/?" + query.format(region=region.slug, elsewhere=elsewhere["region"].slug))
    assert response.status_code == 400
    assert page(response).find(attrs={"role": "alert"})
    assert quickscan_form(response)


def test_checklist_page(client, django_assert_max_num_queries):
    checklist = ChecklistFactory()
    ChecklistItem.objects.create(checklist=checklist, text="Maak duidelijke afspraken op papier.")
    with django_assert_max_num_queries(8):
        response = client.get(f"/checklists/{checklist.slug}/")
    assert response.status_code == 200
    assert "Maak duidelijke afspraken op papier." in text(response)
    assert client.get("/checklists/bestaat-niet/").status_code == 404


def test_home_starts_the_routekaart(client):
    starts = page(client.get("/")).find_all("a", href="/route/")
    assert "Start de routekaart" in [link.get_text(strip=True) for link in starts]
