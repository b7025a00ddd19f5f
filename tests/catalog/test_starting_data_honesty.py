"""Judged tests on the real starting content: every status, provider, amount and date an instrument shows, and
every A-D label and kind of instrument, is supported by the lines it cites (or marked as inferred), and public
text holds no notes for editors.

The rules are the tables in fixtures/README.md ("What the source must say", "What a label needs"). They read
the seed documents next to this checkout and the starting content that tests/conftest.py loads once per
session.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

from catalog import models
from catalog.models import EntrepreneurTypeCode, Instrument, InstrumentKind, InstrumentStatus, PracticeExample

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (Path(settings.BASE_DIR).parent / "shared" / "seeds").is_dir(),
        reason="the seed documents are not next to this checkout",
    ),
]

SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"

# A status other than `onbekend` needs one of these words (or the date named) in the cited lines.
STATUS_WORDS = {
    InstrumentStatus.DOORLOPEND: (
        "doorlopend",
        "altijd",
        "regelmatig",
        "structureel",
        "nog steeds",
        "loopt door",
    ),
    InstrumentStatus.OPEN: ("open", "opengesteld"),
    InstrumentStatus.VERWACHT: ("verwacht", "opent"),
    InstrumentStatus.BUDGET_BEREIKT: ("budget", "uitgeput"),
    InstrumentStatus.GESLOTEN: ("gesloten", "gestopt", "beëindigd", "afgelopen"),
}
STATUS_DATES = {
    InstrumentStatus.OPEN: "closes_on",
    InstrumentStatus.VERWACHT: "opens_on",
    InstrumentStatus.GESLOTEN: "closes_on",
}

# Other names the seeds use for a provider. The province writes its reply (seed 001) as "wij"; that is not
# enough: a provider only the context gives is marked inferred.
PROVIDER_ALIASES = {
    "provincie-overijssel": ("provincie overijssel", "de provincie", "provinciale"),
    "cleantech-regio": ("cleantechregio",),
    "pioniers-overijssel": ("pioniers",),
    "sia": ("sia-subsidies",),
}

# An A-D label that is not marked inferred needs one of these phrases in the cited lines. On an instrument the
# label is the audience of the offer; on a practice example, the type of the firms that did it. A phrase is
# necessary, not sufficient: the curator reads the lines (see the comment on the label line in the fixture).
TYPE_PHRASES = {
    EntrepreneurTypeCode.A: (
        "geen belangstelling",
        "geen interesse",
        "niet geïnteresseerd",
        "niet bereid",
        "passieve",
        "bewust te maken",
        "bewust maken",
        "bewustwording",
    ),
    EntrepreneurTypeCode.B: (
        "kennisvra",
        "innovatievra",
        "vraag over innov",
        "kennisuitwisseling",
        "uitwisseling van kennis",
        "ontbreken",
        "ontbreekt",
        "gebrek aan",
        "wel interesse",
        "business case",
        "peloton",
        "volgers",
        "niet weten",  # the province's own typology: 'niet weten' is B (001 r. 69-72, taxonomy.yaml)
    ),
    EntrepreneurTypeCode.C: (
        "plan",
        "financier",
        "investering",
        "lening",
        "krediet",
        "personeel",
        "vakkrachten",
        "vakmensen",
        "geschikte mensen",
        "jonge talenten",
        "jonge mensen",
        "peloton",
        "niet kunnen",  # the province's own typology: 'niet kunnen' is C (001 r. 69-72, taxonomy.yaml)
    ),
    EntrepreneurTypeCode.D: ("koploper", "voorloper", "zonder problemen", "pionier", "ambassadeur"),
}

# A kind of instrument that is not marked inferred needs one of these words in the cited lines (`overig` says
# nothing and needs none).
KIND_PHRASES = {
    InstrumentKind.SUBSIDIE: ("subsidie", "premie"),
    InstrumentKind.VOUCHER: ("voucher",),
    InstrumentKind.KREDIET: ("lening", "krediet"),
    InstrumentKind.GARANTIE: ("garantie", "garantstelling", "borgstelling"),
    InstrumentKind.FONDS: ("fonds",),
    InstrumentKind.PROGRAMMA: ("programma", "accelerator"),
    InstrumentKind.ADVIES: ("advie", "adviseer", "adviseur", "makelaar", "begeleiding", "coaching"),
    InstrumentKind.NETWERK_EVENEMENT: ("event", "bijeenkomst", "ontmoet"),
    InstrumentKind.OPLEIDINGSFONDS: (
        "opleidingsfonds",
        "opleidings- en",
        "ontwikkelfonds",
        "fonds voor vakmanschap",
    ),
    InstrumentKind.FACILITEIT: ("faciliteit",),
    InstrumentKind.PRIJS: ("prijs", "wedstrijd", "challenge"),
}

# Phrases that belong in `internal_note`, never in a text the public reads.
EDITOR_PHRASES = (
    "de bron",
    "bron noemt",
    "bron zegt",
    "bron geeft",
    "in de bron",
    "volgens de bron",
    "onze bron",
    "seed",
    "redacteur",
    "let op:",
    "niet bekend",
    "vooral grotere",
    "vooral grote bedrijven",
    "grotere mkb-bedrijven en koplopers",
    "todo",
)
INTERNAL_FIELDS = {"internal_note", "slug", "search_vector", "publication_status", "website"}


def _folded(text):
    """Lower case, white space folded, words broken over a line joined again ("bedrijfsop- volgers")."""
    text = " ".join(text.lower().split())
    return text + " " + re.sub(r"(\w)- (\w)", r"\1\2", text)


_seed_lines = {}


def cited_text(record):
    parts = []
    for source in record.sources.all():
        if source.document_id is None:
            continue
        name = source.document.file_name
        if name not in _seed_lines:
            _seed_lines[name] = (SEEDS_DIR / name).read_text(encoding="utf-8").split("\n")
        parts.extend(_seed_lines[name][source.line_start - 1 : source.line_end])
    return _folded(" ".join(parts))


def _date_in_words(date):
    with translation.override("nl"):
        return formats.date_format(date, "j F Y").lower()


def _amount_in_words(amount):
    return (f"{amount:,}".replace(",", "."), str(amount))


def status_supported(instrument, cited):
    if instrument.status == InstrumentStatus.ONBEKEND:
        return True
    if any(word in cited for word in STATUS_WORDS[instrument.status]):
        return True
    date = getattr(instrument, STATUS_DATES.get(instrument.status, ""), None)
    return bool(date) and "dates" not in instrument.inferred and _date_in_words(date) in cited


def provider_supported(instrument, cited):
    provider = instrument.provider
    names = (provider.name.lower(), *PROVIDER_ALIASES.get(provider.slug, ()))
    return "provider" in instrument.inferred or any(name in cited for name in names)


def unsupported_types(record, cited):
    """The A-D labels neither marked inferred nor backed by a phrase of their type in the cited lines."""
    if getattr(record, "is_inferred", lambda _: False)("entrepreneur_types"):
        return []
    codes = [t.code for t in record.entrepreneur_types.all()]
    return [code for code in codes if not any(phrase in cited for phrase in TYPE_PHRASES[code])]


def kind_supported(instrument, cited):
    if instrument.kind == InstrumentKind.OVERIG or instrument.is_inferred("kind"):
        return True
    return any(word in cited for word in KIND_PHRASES[instrument.kind])


def unsupported_co_providers(instrument, cited):
    """Co-providers (`other_providers`) are never inferred: the cited lines must name each of them."""
    return [
        org.slug
        for org in instrument.other_providers.all()
        if not any(name in cited for name in (org.name.lower(), *PROVIDER_ALIASES.get(org.slug, ())))
    ]


def unsupported_amounts(instrument, cited):
    if "amount" in instrument.inferred:
        return []
    amounts = [a for a in (instrument.amount_min, instrument.amount_max) if a is not None]
    return [a for a in amounts if not any(word in cited for word in _amount_in_words(a))]


def unsupported_dates(instrument, cited):
    if "dates" in instrument.inferred:
        return []
    dates = [d for d in (instrument.opens_on, instrument.closes_on) if d is not None]
    return [d for d in dates if _date_in_words(d) not in cited]


@pytest.fixture(scope="module")
def instruments(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        found = list(
            Instrument.objects.select_related("provider")
            .prefetch_related("sources__document", "other_providers")
            .order_by("slug")
        )
        return [(instrument, cited_text(instrument)) for instrument in found]


@pytest.fixture(scope="module")
def examples(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        found = list(PracticeExample.objects.prefetch_related("sources__document", "entrepreneur_types"))
        return [(example, cited_text(example)) for example in found]


@pytest.fixture(scope="module")
def labelled_organisations(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        found = models.Organisation.objects.filter(entrepreneur_types__isnull=False).distinct()
        found = list(found.prefetch_related("sources__document", "entrepreneur_types"))
        return [(organisation, cited_text(organisation)) for organisation in found]


def test_the_cited_lines_are_read(instruments):
    assert len(instruments) > 30
    assert all(cited for _, cited in instruments)  # empty text would let every rule below pass


def test_no_status_the_cited_lines_do_not_give(instruments):
    unsupported = [(i.slug, i.status) for i, cited in instruments if not status_supported(i, cited)]
    assert unsupported == []


def test_most_statuses_are_unknown_because_the_sources_rarely_say(instruments):
    """The sources are reports from 2019-2022, not scheme pages: few of them say whether a scheme is open."""
    known = {i.slug for i, _ in instruments if i.status != InstrumentStatus.ONBEKEND}
    assert known == {
        "events-novel-t",  # "organiseert regelmatig events"
        "innovatiemakelaars-novel-t",  # the province keeps Novel-T going "structureel" (001 r. 88)
        "innovatieadvies-kennispoort-regio-zwolle",  # idem Kennispoort Regio Zwolle
        "vacaturecafe",  # "loopt door zolang MKB Eindhoven ... kan financieren" (2019)
        "menukaart-dienstverlening-spp",  # "nog altijd", "nog steeds" (2019)
    }


def test_no_provider_the_cited_lines_do_not_name_unless_marked_inferred(instruments):
    unsupported = [(i.slug, i.provider.slug) for i, cited in instruments if not provider_supported(i, cited)]
    assert unsupported == []


def test_every_co_provider_is_named_in_the_cited_lines(instruments):
    unsupported = [(i.slug, unsupported_co_providers(i, cited)) for i, cited in instruments]
    assert [(slug, orgs) for slug, orgs in unsupported if orgs] == []
    co_provided = {i.slug: sorted(o.slug for o in i.other_providers.all()) for i, _ in instruments}
    assert {slug: orgs for slug, orgs in co_provided.items() if orgs} == {
        "investeringsprogramma-mkb": ["novel-t", "oost-nl"],  # 000 r. 1834 "verzorgd via Oost NL, Novel-T"
        "lening-de-groeiversneller": ["provincie-gelderland"],  # 003 r. 1121 garantstelling van de provincie
        "wetenschapswinkel-universiteit-twente": ["universiteit-twente"],  # 000 r. 1383
    }


def test_no_amount_or_date_the_cited_lines_do_not_give(instruments):
    unsupported = {
        i.slug: unsupported_amounts(i, cited) + unsupported_dates(i, cited)
        for i, cited in instruments
        if unsupported_amounts(i, cited) or unsupported_dates(i, cited)
    }
    assert unsupported == {}


def test_the_agro_food_schemes_carry_no_invented_name_or_certain_provider(instruments):
    agro = {i.slug: i for i, _ in instruments if i.slug.endswith("agro-food")}
    assert len(agro) == 3
    for instrument in agro.values():
        assert instrument.name.startswith("Regeling voor ")  # the source gives no name of its own
        assert "provider" in instrument.inferred
        assert instrument.status == InstrumentStatus.ONBEKEND
        assert "000 r. 1860-1862" in instrument.internal_note


def test_every_inference_is_explained_to_curators(instruments, examples):
    offers = [(offer, "") for offer in models.KnowledgeOffer.objects.all()]
    assert offers  # the kennisbank is read too
    unexplained = [r.slug for r, _ in instruments + examples + offers if r.inferred and not r.internal_note]
    assert unexplained == []


def test_no_type_label_the_cited_lines_do_not_support_unless_marked_inferred(instruments, examples):
    assert examples  # the practice examples are read too
    unsupported = {r.slug: unsupported_types(r, cited) for r, cited in instruments + examples}
    assert {slug: codes for slug, codes in unsupported.items() if codes} == {}


def test_no_type_label_on_an_organisation_the_cited_lines_do_not_support(labelled_organisations):
    """Organisations cannot mark a label inferred: an A-D label there is stated by its lines or left out."""
    assert labelled_organisations
    unsupported = {o.slug: unsupported_types(o, cited) for o, cited in labelled_organisations}
    assert {slug: codes for slug, codes in unsupported.items() if codes} == {}


def test_no_kind_the_cited_lines_do_not_support_unless_marked_inferred(instruments):
    unsupported = [(i.slug, i.kind) for i, cited in instruments if not kind_supported(i, cited)]
    assert unsupported == []


def test_the_labels_that_contradicted_their_source_stay_corrected(examples):
    types = {e.slug: {t.code for t in e.entrepreneur_types.all()} for e, _ in examples}
    # 000 r. 2085-2087: Niverplast always finds skilled people, so it does not lack them (was C).
    assert types["niverplast-sociaal-innovatief"] == {"D"}
    # 003 r. 9278-9282: SMITZH mainly serves koplopers and voorlopers (was B, C).
    assert types["smart-manufacturing-industriele-toepassing-in-zuid-holland"] == {"D"}
    # 000 r. 1646-1654: Novel-T mainly reaches larger firms and voorlopers, less the volgers (was B, C).
    assert not types["novel-t-verbindt-twente"] & {"B", "C"}


def test_agendas_and_funds_for_others_are_not_offered_to_firms(instruments):
    """Investment agendas and funds for schools or regions: a firm cannot apply (fixtures/README.md)."""
    not_for_firms = {i.slug for i, _ in instruments if not i.firms_can_apply}
    assert not_for_firms == {
        "groeifonds",  # national fund; applications by schools and knowledge institutions (001 r. 94)
        "react-eu",  # EU investment fund behind the regional agenda (000 r. 1889-1897)
        "green-deal",  # idem
        "regionale-investeringsfondsen",  # school-industry partnerships (000 r. 3054-3056)
        "raak-subsidie",  # SIA subsidy for hogescholen with mkb partners (000 r. 734-738)
        "take-off-hbo",  # SIA subsidy for hbo (002 r. 153)
        "investeringsprogramma-mkb",  # the province's own programme (000 r. 1828-1834)
    }


def _public_texts(model):
    fields = [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "get_internal_type", None)
        and f.get_internal_type() in ("CharField", "TextField")
        and f.name not in INTERNAL_FIELDS
        and not f.choices
    ]
    for record in model.objects.all():
        for field in fields:
            yield record.slug, field, getattr(record, field)


PUBLIC_MODELS = [
    models.Region,
    models.Organisation,
    Instrument,
    models.PracticeExample,
    models.KnowledgeOffer,
    models.LearningCommunity,
    models.Checklist,
]


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda m: m.__name__)
def test_public_text_holds_no_notes_for_editors(model):
    found = [
        (slug, field, phrase)
        for slug, field, value in _public_texts(model)
        for phrase in EDITOR_PHRASES
        if phrase in _folded(value)
    ]
    assert found == []


def test_the_loket_pages_do_not_tell_a_small_firm_it_is_not_served():
    for loket in models.Organisation.objects.innovatieloketten():
        assert "kleine bedrijven" not in loket.description
        assert "grotere" not in loket.description
    novel_t = models.Organisation.objects.get(slug="novel-t")
    assert "grotere mkb-bedrijven" in novel_t.internal_note  # kept for curators, with its source


def test_every_other_region_of_an_example_is_named_in_the_cited_lines():
    examples = models.PracticeExample.objects.prefetch_related("other_regions", "sources__document")
    found = {e.slug: (e, cited_text(e)) for e in examples if e.other_regions.all()}
    unsupported = [
        (slug, region.slug)
        for slug, (example, cited) in found.items()
        for region in example.other_regions.all()
        if region.name.lower() not in cited
    ]
    assert unsupported == []
    assert set(found) == {"stichting-mkbdoorgaan-nl", "mkb-businessversneller"}  # 003 r. 3554-3556, 4335-4339


def test_a_national_example_that_also_ran_in_overijssel_counts_as_from_overijssel():
    in_province = set(models.PracticeExample.objects.in_province().values_list("slug", flat=True))
    assert {"stichting-mkbdoorgaan-nl", "mkb-businessversneller"} <= in_province
    assert "groei-ondernemers-challenge" not in in_province  # Breda only
