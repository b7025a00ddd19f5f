"""The ambassadors' public pages (/ambassadeurs/): a list with factor and theme filters and the honest note
that the sources name few ambassadors so far, a page per ambassador that says what is unknown, and contact
only through the innovatieloket of the visitor's region (no personal e-mail or phone anywhere). Every test
makes its own records, so the starting content never shows in what is asserted."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from catalog.models import Ambassador, PublicationStatus
from catalog.search import search
from catalog.selectors import ambassadors_for
from common import pagecache
from tests.factories import (
    AmbassadorFactory,
    FactorFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
    ThemeFactory,
    province_world,
)
from tests.html import links, page, text

pytestmark = pytest.mark.django_db

LIST = "/ambassadeurs/"


def cards(response):
    found = {}
    for card in page(response).select("#resultaten .routekaart-card"):
        facts = dict(
            zip([text(dt) for dt in card.select("dt")], [text(dd) for dd in card.select("dd")], strict=True)
        )
        found[text(card.h3)] = facts
    return found


def facts(response):
    summary = page(response).select_one(".routekaart-facts")
    return dict(
        zip([text(dt) for dt in summary.select("dt")], [text(dd) for dd in summary.select("dd")], strict=True)
    )


def counts(response, name):
    form = page(response).find("form", class_="routekaart-filters")
    result = {}
    for box in form.select(f'input[name="{name}"]'):
        label = text(form.find("label", attrs={"for": box["id"]}))
        option, _, count = label.rpartition(" (")
        result[option] = int(count.rstrip(")"))
    return result


def personal_contact_links(response):
    """mailto: and tel: links on the page outside the loket's own contact details."""
    html = page(response)
    for block in html.select(".routekaart-contact"):
        block.decompose()
    return [a["href"] for a in html.find_all("a", href=re.compile(r"^(mailto|tel):"))]


# --- /ambassadeurs/ --------------------------------------------------------------------------------------


def test_the_list_names_company_and_programme_says_onbekend_and_invites_new_ambassadors(client):
    AmbassadorFactory(name="Kwak de Vries", role="directeur", company="Kwakkel BV", programme="Kwakpioniers")
    AmbassadorFactory(name="Kwik Zonder", company="", programme="")
    AmbassadorFactory(name="Kwek Verborgen", publication_status=PublicationStatus.CONCEPT)

    response = client.get(LIST, {"q": "kw"})

    assert response.status_code == 200
    found = cards(response)
    assert found["Kwak de Vries"] == {
        "Bedrijf": "directeur, Kwakkel BV",
        "Ambassadeur bij": "Kwakpioniers",
        "Regio": "onbekend",
    }
    assert found["Kwik Zonder"]["Bedrijf"] == "onbekend"
    assert "Kwek Verborgen" not in found  # a draft is not public
    intro = text(page(response).find("h1").find_parent())
    assert "noemen nog maar weinig ambassadeurs bij naam" in intro
    assert links(page(response))[reverse("share")] == "Deel uw kennis"


def test_factor_and_theme_filter_the_list_with_counts(client):
    kennis, arbeid = FactorFactory(slug="kennis"), FactorFactory(slug="arbeid")
    schoonmaak = ThemeFactory(slug="kwakschoonmaak", name="Kwakschoonmaak")
    AmbassadorFactory(name="Kwak Een", factors=[kennis], themes=[schoonmaak])
    AmbassadorFactory(name="Kwak Twee", factors=[kennis, arbeid])
    AmbassadorFactory(name="Kwak Drie", factors=[arbeid])

    response = client.get(LIST, {"q": "kwak", "factor": "kennis"})
    assert set(cards(response)) == {"Kwak Een", "Kwak Twee"}
    assert counts(response, "thema")["Kwakschoonmaak"] == 1

    response = client.get(LIST, {"q": "kwak", "thema": "kwakschoonmaak"})
    assert set(cards(response)) == {"Kwak Een"}
    assert counts(response, "factor")["Kennis"] == 1
    assert counts(response, "factor")["Netwerk"] == 0


def test_the_region_filter_keeps_what_the_source_says_or_the_firms_werkgebied():
    world = province_world()
    elsewhere = RegionFactory()
    firm = OrganisationFactory(regions=[world["region"]])
    own = AmbassadorFactory(regions=[world["municipality"]])
    via_firm = AmbassadorFactory(organisation=firm)  # region unknown: the firm's werkgebied counts
    AmbassadorFactory(organisation=firm, regions=[elsewhere])  # a region the source gives wins
    AmbassadorFactory()  # nothing known: serves nowhere

    serving = set(Ambassador.objects.serving(world["municipality"]))

    assert serving == {own, via_firm}


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ("factor=geluk", "Innovatiefactor"),
        ("thema=bestaat-niet", "Thema"),
        ("regio=nergens", "Regio"),
        ("regio=%00", "Regio"),
        ("sorteer=-salaris", "Sorteren"),
        ("pagina=twee", None),
        ("pagina=99999", None),
        ("q=" + "x" * 500, "Zoekwoord"),
        ("type=B", None),  # not a filter of this list: ignored like any unknown parameter
    ],
)
def test_bad_query_strings_get_a_clear_message_never_a_500(client, query, ignored):
    AmbassadorFactory()
    response = client.get(f"{LIST}?{query}")
    if ignored is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    [item] = page(response).find(role="alert").find_all("li")
    assert text(item).startswith(f"{ignored}:")


# --- /ambassadeurs/<slug>/ ---------------------------------------------------------------------------------


def test_the_page_tells_the_story_and_says_what_is_unknown(client):
    firm = OrganisationFactory(name="Kwakkel BV")
    programme = PracticeExampleFactory(title="Kwakpioniers als praktijkvoorbeeld")
    ambassador = AmbassadorFactory(
        name="Kwak de Vries",
        role="directeur",
        company="Kwakkel BV",
        organisation=firm,
        programme="Kwakpioniers",
        programme_example=programme,
        summary="Zij vertelt hoe het team zelf de planning maakt.",
        factors=[FactorFactory(slug="arbeid")],
    )

    response = client.get(ambassador.get_absolute_url())

    assert response.status_code == 200
    html = page(response)
    assert text(html.h1) == "Kwak de Vries"
    assert "Zij vertelt hoe het team zelf de planning maakt." in text(html)
    assert facts(response) == {
        "Ambassadeur bij": "Kwakpioniers",
        "Regio": "Nog niet bekend",
        "Het verhaal gaat over": "Arbeid (human capital)",
        "Thema's": "Nog niet bekend",
        "Wil graag praten over": "Nog niet bekend",
    }
    found = links(html)
    assert found[reverse("catalog:organisation_detail", args=[firm.slug])] == "Kwakkel BV"
    assert found[reverse("catalog:practiceexample_detail", args=[programme.slug])] == "Kwakpioniers"


def test_an_unpublished_ambassador_has_no_page(client):
    ambassador = AmbassadorFactory(publication_status=PublicationStatus.CONCEPT)
    assert client.get(ambassador.get_absolute_url()).status_code == 404


def test_contact_goes_through_the_loket_of_the_chosen_region_never_to_the_person(client):
    world = province_world()
    loket = world["loket"]
    loket.email, loket.phone = "info@testloket.example", "038 123 45 67"
    loket.save()
    ambassador = AmbassadorFactory(name="Kwak de Vries")

    with override_settings(PORTAL_PROVINCE=world["province"].slug):
        before = client.get(ambassador.get_absolute_url())
        response = client.get(ambassador.get_absolute_url(), {"regio": world["municipality"].slug})

    section = page(before).select_one("#contact")
    assert text(section.h2) == "Wilt u met deze ondernemer praten?"
    assert "Het innovatieloket van uw regio brengt u in contact." in text(section)
    options = [o["value"] for o in section.select("select[name=regio] option") if o["value"]]
    assert world["municipality"].slug in options and world["region"].slug in options
    assert personal_contact_links(before) == []

    assert response.status_code == 200
    section = page(response).select_one("#contact")
    found = links(section)
    assert found[reverse("catalog:organisation_detail", args=[loket.slug])] == loket.name
    assert found["mailto:info@testloket.example"] == "info@testloket.example"  # the loket's, not a person's
    assert "Zeg erbij dat u met Kwak de Vries wilt praten." in text(section)
    route = next(href for href in found if href.startswith(reverse("route")))
    assert f"regio={world['municipality'].slug}" in route
    assert client.get(route).status_code == 200  # the route's questions, region filled in
    assert personal_contact_links(response) == []


@pytest.mark.parametrize("regio", ["nergens", "%00", "a" * 300])
def test_an_unknown_region_in_the_contact_form_is_a_clear_400(client, regio):
    ambassador = AmbassadorFactory()
    response = client.get(f"{ambassador.get_absolute_url()}?regio={regio}")
    assert response.status_code == 400
    assert "Kies uw regio of gemeente uit de lijst." in text(page(response).select_one("#contact"))


def test_the_list_is_linked_from_the_kennisbank_the_practice_examples_and_the_footer(client):
    for path in ("/kennisbank/", "/praktijkvoorbeelden/", "/"):
        assert LIST in links(page(client.get(path))), path


# --- The route's selector --------------------------------------------------------------------------------


def test_ambassadors_for_a_region_put_the_own_region_and_fitting_factor_first(
    django_assert_max_num_queries, record_sets_kept
):
    world = province_world()
    kennis, arbeid = FactorFactory(slug="kennis"), FactorFactory(slug="arbeid")
    firm = OrganisationFactory(regions=[world["province"]])
    a = AmbassadorFactory(name="Aa", regions=[world["region"]], factors=[arbeid])
    b = AmbassadorFactory(name="Bb", regions=[world["region"]], factors=[kennis])
    c = AmbassadorFactory(name="Cc", organisation=firm, factors=[kennis])
    AmbassadorFactory(name="Dd")  # region unknown, no firm: the loket cannot say it serves here
    AmbassadorFactory(name="Ee", regions=[RegionFactory()], factors=[kennis])
    AmbassadorFactory(name="Ff", regions=[world["region"]], publication_status=PublicationStatus.CONCEPT)

    ambassadors_for(world["municipality"], ["kennis"], limit=5)  # reads the record sets of this version
    with django_assert_max_num_queries(3):
        found = ambassadors_for(world["municipality"], ["kennis"], limit=5)
        [region.name for ambassador in found for region in ambassador.regions.all()]

    assert found == [b, c, a]
    assert ambassadors_for(world["municipality"], [], limit=2) == [a, b]


# --- Search and the page cache ---------------------------------------------------------------------------


def test_search_finds_an_ambassador_by_name_company_and_what_they_are(client):
    ambassador = AmbassadorFactory(name="Kwalm Hessel", company="Kwalmbedrijf BV")
    for query in ("kwalm hessel", "kwalmbedrijf", "ambassadeur kwalm"):
        result = search(query=query)[0]  # the best match
        assert result.kind == "ambassador"
        assert result.url == f"/ambassadeurs/{ambassador.slug}/"
        assert result.kind_label == "Ambassadeur"
    ambassador.publication_status = PublicationStatus.ARCHIVED
    ambassador.save()
    assert ambassador.slug not in [r.slug for r in search(query="kwalm hessel")]


def test_a_change_to_an_ambassador_invalidates_the_page_cache():
    ambassador = AmbassadorFactory()
    changes = [
        lambda: ambassador.save(),
        lambda: ambassador.factors.add(FactorFactory(slug="kennis")),
        lambda: ambassador.regions.add(RegionFactory()),
        lambda: ambassador.delete(),
    ]
    for change in changes:
        before = pagecache.version()
        change()
        assert pagecache.version() != before


# --- Query counts ----------------------------------------------------------------------------------------


def _world(region, n):
    factor = FactorFactory(slug="kennis")
    theme = ThemeFactory(slug="kwaktheme")
    firm = OrganisationFactory(regions=[region])
    for _ in range(n):
        AmbassadorFactory(organisation=firm, regions=[region], factors=[factor], themes=[theme])
    return Ambassador.objects.filter(regions=region).first()


LIMITS = {False: 14, True: 9}


@pytest.mark.parametrize("kept", [False, True], ids=["sets-read-each-request", "sets-kept"])
def test_query_counts_do_not_grow_with_the_data(client, django_assert_max_num_queries, settings, kept):
    from catalog import recordsets

    world = province_world()
    settings.RECORD_SETS_REUSE = kept
    settings.PORTAL_PROVINCE = world["province"].slug
    recordsets.forget()
    region = world["region"]

    def assert_bounded(ambassador):
        paths = [
            f"{LIST}?factor=kennis&thema=kwaktheme&pagina=2",
            f"{LIST}?regio={region.slug}",
            ambassador.get_absolute_url(),
            f"{ambassador.get_absolute_url()}?regio={world['municipality'].slug}",
        ]
        for path in paths:
            if kept:
                client.get(path)
            with django_assert_max_num_queries(LIMITS[kept], info=path):
                assert client.get(path).status_code == 200, path

    ambassador = _world(region, 2)
    assert_bounded(ambassador)
    _world(region, 40)
    assert_bounded(ambassador)
    recordsets.forget()
    assert len(page(client.get(LIST, {"regio": region.slug})).select("#resultaten .routekaart-card")) == 20
