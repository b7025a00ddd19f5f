"""catalog.search on records each test makes itself; PostgreSQL-only behaviour is marked as such.

The words are made up ("kwartelvoucher", "Kwabbeloord") so that nothing in the starting content matches them.
How search does on the real starting content is judged in test_search_judged.py.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from catalog.models import Instrument, OrganisationKind, PublicationStatus, Scope, SearchSynonym
from catalog.search import (
    MIN_PREFIX,
    PREFIX_FACTOR,
    _Field,
    _folded_with_origin,
    clean_query,
    find,
    fold,
    highlight,
    query_words,
    search,
)
from catalog.search_index import stem
from tests.factories import (
    ChecklistFactory,
    InstrumentFactory,
    LoketFactory,
    OrganisationFactory,
    PracticeExampleFactory,
    RegionFactory,
    province_world,
)

pytestmark = pytest.mark.django_db


def slugs(results, kind=None):
    return [result.slug for result in results if kind is None or result.kind == kind]


def top_instruments(query, n=5):
    return slugs(search(query=query), kind="instrument")[:n]


@pytest.fixture
def voucher():
    return InstrumentFactory(name="Kwartelvoucher", kind="voucher")


# --- The query ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  kennis   voucher ", "kennis voucher"),
        ("kennis\x00voucher", "kennisvoucher"),
        ("kennis\tvoucher\n", "kennis voucher"),
        ("ｋｅｎｎｉｓ", "kennis"),  # full-width letters
        ("zero\u200bwidth", "zerowidth"),
        ("\ue000mark\ue001", "mark"),
        ("\ud800half", "half"),  # a lone surrogate
        (None, ""),
        ("", ""),
    ],
)
def test_clean_query_removes_what_cannot_be_searched(raw, expected):
    assert clean_query(raw) == (expected, False)


def test_clean_query_cuts_long_queries_and_says_so():
    query, trimmed = clean_query("a" * 500)
    assert trimmed
    assert query == "a" * 200
    assert clean_query("a" * 200) == ("a" * 200, False)


def test_fold_ignores_case_and_accents():
    assert fold("Coöperatie FINANCIËLE Café") == "cooperatie financiele cafe"


def test_query_words_drop_single_letters_and_stop_words():
    assert query_words("MIT R&D-samenwerking") == ["mit", "rd", "samenwerking"]
    assert query_words("subsidie voor een nieuw product") == ["subsidie", "nieuw", "product"]
    assert query_words("voor de") == ["voor", "de"]  # only stop words: search them as they are
    assert query_words("!!!") == []


@pytest.mark.parametrize(
    ("forms", "same"),
    [
        (["voucher", "vouchers"], True),
        (["regeling", "regelingen"], True),
        (["opleiding", "opleidingen"], True),
        (["hogeschool", "hogescholen"], True),
        (["subsidie", "subsidies"], True),
        (["bedrijf", "bedrijven"], True),
        (["mogelijkheid", "mogelijkheden"], True),
        (["student", "studenten"], True),
        (["stagiair", "stagiairs"], True),
        (["kennis", "ken"], False),
        (["voor", "vooral"], False),
    ],
)
def test_the_stemmer_joins_the_forms_of_a_word(forms, same):
    assert (len({stem(fold(form)) for form in forms}) == 1) is same


# --- Finding ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["kwartelvoucher", "kwartelvouchers", "Kwartel Voucher", "KWARTELVOUCHER", "kwartel-voucher"]
)
def test_finds_a_compound_name_however_it_is_typed(voucher, query):
    assert top_instruments(query)[0] == voucher.slug


@pytest.mark.parametrize("query", ["kwartlvoucher", "kwartelvuocher", "kwartelvouchr"])
def test_a_typo_finds_the_name_and_suggests_the_right_word(voucher, query):
    found = find(query)
    assert slugs(found.results) == [voucher.slug]
    assert found.suggestion == "kwartelvoucher"


def test_a_known_word_is_not_corrected(voucher):
    InstrumentFactory(name="Kwartelvoucherplus")
    assert find("kwartelvoucher").suggestion is None


def test_a_word_within_a_word_is_no_hit():
    """Whole words: "vooral" does not contain the word "voor", "kwartel" is not in "kwartelkooi"'s tail."""
    InstrumentFactory(name="Kwabbelregeling", description="Vooral voor kwabbelbedrijven.")
    bystander = OrganisationFactory(name="Zoekcentrum", description="Dit gaat vooral over iets anders.")
    assert bystander.slug not in slugs(search(query="voor"))
    assert bystander.slug not in slugs(search(query="subsidie voor kwabbelbedrijven"))


def test_the_tail_and_the_head_of_a_compound_find_it():
    project = InstrumentFactory(name="Kwelderhaalbaarheidsproject")
    assert project.slug in slugs(search(query="haalbaarheidsproject"), kind="instrument")
    assert slugs(search(query="kwelderhaalbaarheid"))[0] == project.slug


def test_synonyms_are_data_a_curator_can_add():
    course = InstrumentFactory(name="Kwartelcursus", description="Een cursus voor uw mensen.")
    assert course.slug not in slugs(search(query="plofkurs"))
    SearchSynonym.objects.create(key="kwartel", words="kwartelcursus, plofkurs")
    assert slugs(search(query="plofkurs")) == [course.slug]
    assert find("plofkurs").suggestion is None


def test_a_compound_the_portal_does_not_know_counts_as_its_words():
    course = InstrumentFactory(name="Kwartelcursus", description="Leer alles over de kwabbelteelt.")
    assert slugs(search(query="kwartelcursuskwabbelteelt"))[0] == course.slug


def test_searches_every_kind():
    organisation = OrganisationFactory(name="Kwartel-Tech")
    region = RegionFactory(name="Kwelder-Haven")
    example = PracticeExampleFactory(title="Kwelderkamp")
    checklist = ChecklistFactory(title="Kwabbelcheck")
    assert slugs(search(query="Kwartel-Tech"), kind="organisation")[0] == organisation.slug
    assert slugs(search(query="Kwelder-Haven"), kind="region") == [region.slug]
    assert slugs(search(query="Kwelderkamp"), kind="practiceexample") == [example.slug]
    assert slugs(search(query="Kwabbelcheck"), kind="checklist") == [checklist.slug]


def test_the_points_of_a_checklist_are_searched():
    checklist = ChecklistFactory(title="Voor u begint")
    checklist.items.create(text="Maak afspraken over de kwartelrechten.", order=0)
    assert slugs(search(query="kwartelrechten")) == [checklist.slug]


def test_the_index_follows_the_record(voucher):
    voucher.name = "Zwaluwstaartregeling"
    voucher.save()
    assert slugs(search(query="zwaluwstaartregeling")) == [voucher.slug]
    assert voucher.slug not in slugs(search(query="kwartelvoucher"))
    voucher.publication_status = PublicationStatus.ARCHIVED
    voucher.save()
    assert slugs(search(query="zwaluwstaartregeling")) == []
    voucher.publication_status = PublicationStatus.PUBLISHED
    voucher.save()
    voucher.delete()
    assert slugs(search(query="zwaluwstaartregeling")) == []


def test_records_in_the_province_come_before_those_elsewhere():
    world = province_world()
    elsewhere = RegionFactory(name="Elders", scope=Scope.PROVINCIE)
    far = InstrumentFactory(name="Kwartelfonds Elders", regions=[elsewhere])
    near = InstrumentFactory(name="Kwartelfonds Dichtbij", regions=[world["municipality"]])
    with override_settings(PORTAL_PROVINCE=world["province"].slug):
        assert slugs(search(query="kwartelfonds")) == [near.slug, far.slug]
    with override_settings(PORTAL_PROVINCE=elsewhere.slug):
        assert slugs(search(query="kwartelfonds")) == [far.slug, near.slug]


def test_a_place_name_finds_its_region_page_first():
    region = RegionFactory(name="Kwabbel-Holten", scope=Scope.GEMEENTE)
    for n in range(3):
        InstrumentFactory(name=f"Kwabbelfonds {n}", description="Voor bedrijven in Kwabbel.")
        PracticeExampleFactory(title=f"Kwabbel werkt samen {n}", region=region)
    results = search(query="kwabbel")
    assert (results[0].kind, results[0].slug) == ("region", region.slug)


def test_accents_do_not_matter():
    organisation = OrganisationFactory(name="Kwartelcoöperatie", description="Een financiële kwartelkas.")
    with_accent = slugs(search(query="kwartelcoöperatie financiële"))
    without_accent = slugs(search(query="kwartelcooperatie financiele"))
    assert with_accent == without_accent
    assert with_accent[0] == organisation.slug


def test_a_record_with_every_word_comes_first():
    loket = LoketFactory(name="Startpunt Kwabbeloord")
    region = RegionFactory(name="Kwabbeloord")
    results = search(query="Kwabbeloord innovatieloket")
    assert loket.kind == OrganisationKind.INNOVATIELOKET
    assert slugs(results)[0] == loket.slug  # its name and its kind
    assert slugs(results).index(region.slug) > 0  # the region's name has only one of the words


def test_only_published_records_are_found(voucher):
    concept = InstrumentFactory(
        name="Kwartelvoucher in concept", publication_status=PublicationStatus.CONCEPT
    )
    archived = InstrumentFactory(name="Oude kwartelvoucher", publication_status=PublicationStatus.ARCHIVED)
    found = slugs(search(query="kwartelvoucher"))
    assert voucher.slug in found
    assert concept.slug not in found
    assert archived.slug not in found
    voucher.publication_status = PublicationStatus.CONCEPT
    voucher.save()  # the index follows a save (catalog/signals.py)
    assert voucher.slug not in slugs(search(query="kwartelvoucher"))


def test_a_match_in_the_name_ranks_above_a_match_in_the_description_only():
    OrganisationFactory(name="Zeldzaamwoord Centrum", slug="naam-treffer", description="Gewone tekst.")
    OrganisationFactory(
        name="Ander Centrum",
        slug="omschrijving-treffer",
        description="Hier staat zeldzaamwoord in een langere omschrijving, twee keer: zeldzaamwoord.",
    )
    assert slugs(search(query="zeldzaamwoord"))[:2] == ["naam-treffer", "omschrijving-treffer"]


def test_the_exact_name_comes_first():
    region = RegionFactory(name="Kwabbeloord")
    LoketFactory(name="Innovatiehuis Kwabbeloord", description="Het loket van Kwabbeloord.")
    InstrumentFactory(name="Kwabbeloordfonds", description="Voor bedrijven in Kwabbeloord.")
    results = search(query="Kwabbeloord")
    assert len(results) == 3
    assert (results[0].kind, results[0].slug) == ("region", region.slug)


def test_results_are_sorted_best_first_and_limited():
    InstrumentFactory(name="Kwartelteelt")
    OrganisationFactory(name="Kwartelteelt Centrum")
    for n in range(3):
        InstrumentFactory(description=f"Regeling {n} over kwartelteelt.")
        OrganisationFactory(description=f"Organisatie {n} over kwartelteelt.")
    assert len(search(query="kwartelteelt")) == 8
    results = search(query="kwartelteelt", limit=5)
    assert len(results) == 5
    ranks = [result.rank for result in results]
    assert ranks == sorted(ranks, reverse=True)
    assert {result.title for result in results[:2]} == {"Kwartelteelt", "Kwartelteelt Centrum"}


@pytest.mark.parametrize("query", ["", "   ", "!!!", "\x00"])
def test_a_query_with_nothing_to_search_finds_nothing(voucher, query):
    assert search(query=query) == []


@pytest.mark.parametrize("query", ["'; DROP TABLE catalog_instrument; --", "a" * 1000])
def test_odd_queries_are_harmless(voucher, query):
    results = search(query=query)
    assert isinstance(results, list)
    assert voucher.slug not in slugs(results)
    assert Instrument.objects.filter(pk=voucher.pk).exists()


def test_query_count_is_fixed(voucher, django_assert_max_num_queries):
    # The synonyms, the vocabulary and the candidates, whatever the data.
    with django_assert_max_num_queries(3):
        assert len(search(query="kwartelvoucher")) == 1
    provider = OrganisationFactory(name="Extra aanbieder")
    for n in range(30):
        InstrumentFactory(name=f"Extra kwartelvoucher {n}", provider=provider)
    with django_assert_max_num_queries(3):
        results = search(query="kwartlvoucher", limit=100)
    assert len([result for result in results if result.title.startswith("Extra")]) == 30


# --- Results and snippets -----------------------------------------------------------------------------------


def test_result_carries_kind_title_url_and_snippet():
    instrument = InstrumentFactory(
        name="Kwartelvoucher", description="Met de kwartelvoucher huurt u kennis in."
    )
    [result] = search(query="kwartelvoucher")
    assert result.kind == "instrument"
    assert result.kind_label == "Regeling"
    assert result.title == "Kwartelvoucher"
    assert result.slug == instrument.slug
    assert "<mark>" in result.snippet
    assert result.url == reverse("catalog:instrument_detail", kwargs={"slug": instrument.slug})


def test_snippets_escape_the_stored_text():
    InstrumentFactory(
        name="Scriptvoucher",
        description='Een <script>alert("x")</script> & meer over de scriptvoucher.',
    )
    result = next(result for result in search(query="scriptvoucher") if result.title == "Scriptvoucher")
    assert "<mark>scriptvoucher</mark>" in result.snippet
    assert "<" not in result.snippet.replace("<mark>", "").replace("</mark>", "")


def test_highlight_marks_hits_regardless_of_case_and_accents_and_escapes_the_rest():
    html = highlight("De <b>Coöperatie</b> & de COOPERATIE.", ["cooperatie"])
    assert html == "De &lt;b&gt;<mark>Coöperatie</mark>&lt;/b&gt; &amp; de <mark>COOPERATIE</mark>."


@given(st.text(alphabet=st.sampled_from("aBz 09-ëÉçßøŒﬁ́İ<&")))
def test_folding_for_highlights_keeps_where_each_folded_character_came_from(text):
    expected_folded, expected_origin = "", []
    for index, char in enumerate(text):
        expected_folded += fold(char)
        expected_origin += [index] * len(fold(char))
    assert _folded_with_origin(text) == (expected_folded, expected_origin)


def test_highlight_shows_a_window_around_the_first_hit():
    text = " ".join(["woord"] * 200) + " vondst " + " ".join(["woord"] * 200)
    html = highlight(text, ["vondst"])
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert "<mark>vondst</mark>" in html
    assert len(html) < 400


def test_highlight_marks_words_that_start_with_a_term_only():
    html = highlight("Subsidies, vooral voor bedrijven.", ["subsidi", "voor"])
    assert html == "<mark>Subsidies</mark>, vooral <mark>voor</mark> bedrijven."


_tokens = st.lists(st.text(alphabet="abcde", min_size=1, max_size=7), max_size=12)


@given(tokens=_tokens, term=st.text(alphabet="abcde", min_size=1, max_size=7))
def test_a_field_scores_a_term_by_whole_tokens_and_by_prefix(tokens, term):
    """A term counts once per token equal to it (repeats up to 5 add a little); else a token starting with a
    long enough term scores PREFIX_FACTOR; a term inside or across tokens scores nothing."""
    count = tokens.count(term)
    if count:
        expected = 1 + 0.1 * min(count - 1, 5)
    elif len(term) >= MIN_PREFIX and any(token.startswith(term) for token in tokens):
        expected = PREFIX_FACTOR
    else:
        expected = 0.0
    assert _Field(" ".join(tokens)).score(term) == expected
