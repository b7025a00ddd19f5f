"""The public catalog pages (catalog.views): lists and details as an entrepreneur sees them, bad input, and
query counts that do not grow with the data. Every test makes its own records; the lists are filtered by a
region of the test's own, so the starting content in the database never shows up in what is asserted."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from catalog.models import Document, Membership, PublicationStatus, Region, Source
from tests.factories import (
    FactorFactory,
    InstrumentFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
)
from tests.html import form_data, links, page, text

pytestmark = pytest.mark.django_db

LISTS = {
    "catalog:instrument_list": lambda region: InstrumentFactory(regions=[region], factors=[FactorFactory()]),
    "catalog:organisation_list": lambda region: OrganisationFactory(regions=[region]),
    "catalog:practiceexample_list": lambda region: PracticeExampleFactory(region=region),
}


def cards(response):
    """{href: text} of the result cards of a list."""
    return {a["href"]: text(a) for a in page(response).select("#resultaten .routekaart-card h3 a[href]")}


@pytest.fixture
def region():
    return RegionFactory(name="Kwelderdal")


@pytest.mark.parametrize("name", LISTS)
def test_list_shows_the_count_in_title_heading_and_status(client, region, name):
    records = [LISTS[name](region), LISTS[name](region)]
    hidden = LISTS[name](region)
    hidden.publication_status = PublicationStatus.CONCEPT
    hidden.save()

    response = client.get(reverse(name), {"regio": region.slug})

    html = page(response)
    assert "(2) · " in text(html.title)
    assert text(html.h1).endswith("(2)")
    assert text(html.find(role="status")) == "2 resultaten"
    assert sorted(cards(response).values()) == sorted(str(record) for record in records)


def test_filters_live_in_the_url_and_the_form_remembers_them(client, region):
    kennis, netwerk = FactorFactory(slug="kennis"), FactorFactory(slug="netwerk")
    InstrumentFactory(regions=[region], factors=[kennis])
    response = client.get(
        reverse("catalog:instrument_list"), {"factor": ["kennis", "netwerk"], "regio": region.slug}
    )
    form = page(response).find("form", class_="routekaart-filters")
    chosen = form_data(form)
    assert chosen["factor"] == ["kennis", "netwerk"]
    assert chosen["regio"] == [region.slug]
    labels = {text(label) for label in form.find_all("label")}
    # counted with the region filter, not the factor filter: what choosing only that factor would give
    assert {f"{kennis.name} (1)", f"{netwerk.name} (0)", f"{region.name} (1)"} <= labels


def test_pagination_keeps_the_filters(client, region):
    for _ in range(25):
        InstrumentFactory(kind="advies", regions=[region], factors=[FactorFactory()])
    url = reverse("catalog:instrument_list")
    first = page(client.get(url, {"soort": "advies", "regio": region.slug}))
    assert first.find("a", rel="next")["href"] == f"?soort=advies&regio={region.slug}&pagina=2"
    assert text(first.find(attrs={"aria-current": "page"}, name="li")) == "Pagina 1 van 2"

    second = client.get(url, {"soort": "advies", "regio": region.slug, "pagina": "2"})
    assert text(page(second).find(attrs={"aria-current": "page"}, name="li")) == "Pagina 2 van 2"
    assert page(second).find("a", rel="prev")["href"] == f"?soort=advies&regio={region.slug}&pagina=1"
    assert len(cards(second)) == 5


def test_instrument_detail_tells_what_to_do(client, region):
    provider = OrganisationFactory(name="Kwelderfonds")
    next_step = InstrumentFactory(name="Kwelder-haalbaarheidsproject")
    document = Document.objects.create(code="test-bron", title="Kennis vragen in de kwelder", line_count=20)
    instrument = InstrumentFactory(
        name="Kwelder-kennisvoucher",
        status="doorlopend",
        provider=provider,
        regions=[region],
        factors=[FactorFactory(slug="kennis")],
        next_steps=[next_step],
        last_reviewed=datetime.date(2021, 5, 25),
    )
    instrument.sources.add(Source.objects.create(document=document, line_start=3, line_end=4))

    response = client.get(reverse("catalog:instrument_detail", args=[instrument.slug]))

    html = page(response)
    assert text(html.h1) == "Kwelder-kennisvoucher"
    assert "Voor wie en voor wat" in [text(h2) for h2 in html.find_all("h2")]
    assert text(html.select_one(".routekaart-status-line")).startswith("Doorlopend")
    found = links(response)
    assert (
        found[reverse("catalog:organisation_detail", args=[provider.slug])] == "Kwelderfonds"
    )  # who offers it
    assert found[reverse("catalog:instrument_detail", args=[next_step.slug])] == next_step.name  # next step
    assert found[reverse("ecosystems:region_detail", args=[region.slug])] == "Kwelderdal"  # for whom
    state = html.select_one(".routekaart-record-state")  # at the top, next to the status
    assert "Laatst gecontroleerd mei 2021: vraag het loket of dit nog klopt." in text(state)  # long ago
    sources = html.find("section", class_="routekaart-sources")
    assert "Kennis vragen in de kwelder, r. 3–4" in text(sources)  # the source


def test_concept_records_are_not_public(client, region):
    published = OrganisationFactory(name="Kwelder Openbaar", regions=[region])
    concept = OrganisationFactory(name="Kwelder Concept", regions=[region], publication_status="concept")
    assert client.get(reverse("catalog:organisation_detail", args=[published.slug])).status_code == 200
    assert client.get(reverse("catalog:organisation_detail", args=[concept.slug])).status_code == 404
    listed = client.get(reverse("catalog:organisation_list"), {"regio": region.slug})
    assert list(cards(listed).values()) == ["Kwelder Openbaar"]
    assert "Kwelder Concept" not in text(client.get(reverse("catalog:organisation_list")))


@pytest.mark.parametrize(
    ("query", "status", "ignored"),
    [
        ("factor=geluk", 400, "Innovatiefactor"),
        ("regio=atlantis&regio={region}", 400, "Regio"),
        ("type=A&type=A&type=B", 200, None),
        ("pagina=abc", 200, None),
        ("pagina=99999", 200, None),
        ("q=" + "kennis" * 100, 400, "Zoekwoord"),
        ("q=%FF%FE", 200, None),
        ("q=%00", 400, "Zoekwoord"),
        ("sorteer=wachtwoord", 400, "Sorteren"),
        ("status=gesloten&status=gearchiveerd", 200, None),
    ],
)
def test_bad_input_gets_a_clear_answer_never_a_500(client, region, query, status, ignored):
    response = client.get(reverse("catalog:instrument_list") + "?" + query.format(region=region.slug))
    assert response.status_code == status
    alert = page(response).find(role="alert")
    if ignored is None:
        assert alert is None
    else:
        assert text(alert.h2) == "Niet alle filters konden worden gebruikt"
        [item] = alert.find_all("li")  # the filter that was ignored, by its label
        assert text(item).startswith(f"{ignored}:")
        assert text(item).endswith("Dit filter is nu niet gebruikt.")


@pytest.mark.parametrize(
    "url",
    [
        "/instrumenten/bestaat-niet/",
        "/organisaties/bestaat-niet/",
        "/praktijkvoorbeelden/bestaat-niet/",
        "/innovatiefactoren/geluk/",
        "/checklists/bestaat-niet/",
    ],
)
def test_unknown_detail_is_404(client, url):
    assert client.get(url).status_code == 404


@pytest.fixture
def world(region):
    """One instrument, one organisation and one example in `region`, with the four factors."""
    factors = [FactorFactory(slug=slug) for slug in ("kennis", "netwerk", "financiering", "arbeid")]
    provider = OrganisationFactory(regions=[region], factors=factors)
    return {
        "region": region,
        "factors": factors,
        "organisation": provider,
        "instrument": InstrumentFactory(provider=provider, regions=[region], factors=factors),
        "example": PracticeExampleFactory(region=region, organisations=[provider], factors=factors),
    }


def _grow(world, n):
    """n more of everything the detail pages of `world` show: next steps, partners, members, examples."""
    region, factors, provider = world["region"], world["factors"], world["organisation"]
    for _ in range(n):
        step = InstrumentFactory(provider=provider, regions=[region], factors=factors)
        world["instrument"].next_steps.add(step)
        world["example"].instruments.add(step)
        world["example"].partners.add(OrganisationFactory(regions=[region], factors=factors))
        Membership.objects.create(collaboration=provider, member=OrganisationFactory(regions=[region]))
        PracticeExampleFactory(
            region=region, organisations=[provider], instruments=[world["instrument"]], factors=factors
        )


def _assert_max_queries(client, django_assert_max_num_queries, world, limit):
    for name in LISTS:
        with django_assert_max_num_queries(limit):
            response = client.get(reverse(name), {"factor": "kennis", "regio": world["region"].slug})
        assert response.status_code == 200
        assert cards(response)
    details = {
        "catalog:instrument_detail": world["instrument"].slug,
        "catalog:organisation_detail": world["organisation"].slug,
        "catalog:practiceexample_detail": world["example"].slug,
        "catalog:factor_detail": "kennis",
    }
    for name, slug in details.items():
        with django_assert_max_num_queries(limit):
            assert client.get(reverse(name, args=[slug])).status_code == 200


def test_query_counts_do_not_grow_with_the_data(client, world, django_assert_max_num_queries):
    limit = 25  # the instrument list: the page, and one grouped query per facet for the counts
    _assert_max_queries(client, django_assert_max_num_queries, world, limit)
    _grow(world, 30)
    assert world["instrument"].next_steps.count() == 30
    assert world["organisation"].memberships.count() == 30
    _assert_max_queries(client, django_assert_max_num_queries, world, limit)


def test_examples_from_elsewhere_are_marked_as_inspiration(client):
    province = Region.objects.get(slug=settings.PORTAL_PROVINCE)  # "uit Overijssel" is the portal's province
    elsewhere = PracticeExampleFactory(region=RegionFactory(), collection="platform31")
    at_home = PracticeExampleFactory(region=RegionFactory(scope="gemeente", parents=[province]))
    marked = page(client.get(reverse("catalog:practiceexample_detail", args=[elsewhere.slug])))
    assert "Inspiratie van buiten Overijssel" in text(marked.select_one(".routekaart-note"))
    unmarked = text(client.get(reverse("catalog:practiceexample_detail", args=[at_home.slug])))
    assert "Inspiratie van buiten Overijssel" not in unmarked


@pytest.mark.parametrize(
    ("name", "factory", "kind"),
    [
        ("catalog:instrument_detail", InstrumentFactory, "instrument"),
        ("catalog:organisation_detail", OrganisationFactory, "organisatie"),
        ("catalog:practiceexample_detail", PracticeExampleFactory, "praktijkvoorbeeld"),
    ],
)
def test_every_detail_page_links_to_the_report_form_and_back(client, name, factory, kind):
    record = factory()
    detail_url = reverse(name, args=[record.slug])
    report_url = reverse("catalog:report_outdated", args=[kind, record.slug])
    assert links(client.get(detail_url))[report_url] == "Meld verouderde informatie"
    assert links(client.get(report_url))[detail_url] == str(record)
