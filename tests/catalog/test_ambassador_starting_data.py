"""The ambassadors in the starting data (fixtures/ambassadors.yaml): the loader's rules, and judged tests on
the real content: the one ambassador the seeds name, with facts that are in the lines cited, nothing the
sources do not give (no region, no e-mail, phone or photo), linked to the records the portal already has."""

import pytest
from django.core.management import CommandError, call_command

from catalog import models
from catalog.starting_data import load_portal_data

from .test_starting_data import TAXONOMY, write
from .test_starting_data_honesty import cited_text
from .test_starting_data_honesty import pytestmark as needs_seeds

pytestmark = pytest.mark.django_db

AMBASSADORS = """
organisations:
  - slug: testbedrijf
    name: Testbedrijf
    kind: bedrijf
    regions: [testcontinent]
    description: Een bedrijf.
    sources: [{file: "900", lines: "5"}]
ambassadors:
  - slug: testambassadeur
    name: Test Ambassadeur
    role: directeur
    company: Testbedrijf BV
    organisation: testbedrijf
    programme: Testpioniers
    summary: Zij vertelt over haar bedrijf.
    sources: [{file: "900", lines: "6-7"}]
"""


def test_ambassadors_load_with_unknown_left_blank_and_a_second_load_changes_nothing(tmp_path):
    write(tmp_path, "taxonomy.yaml", TAXONOMY)
    write(tmp_path, "ambassadors.yaml", AMBASSADORS)
    load_portal_data(tmp_path)
    ambassador = models.Ambassador.objects.get(slug="testambassadeur")
    assert (ambassador.role, ambassador.company, ambassador.organisation.slug, ambassador.talks_about) == (
        "directeur",
        "Testbedrijf BV",
        "testbedrijf",
        "",  # unknown stays blank
    )
    assert list(ambassador.regions.all()) == []
    assert ambassador.publication_status == "gepubliceerd"

    def state():
        ambassadors = list(models.Ambassador.objects.values_list("pk", "slug", "summary"))
        return ambassadors, models.Source.objects.count()

    before = state()
    load_portal_data(tmp_path)
    assert state() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("organisation: testbedrijf", "organisation: niemand"), "organisation: unknown organisations"),
        (("    programme: Testpioniers\n", "    programme_example: geen\n"), "programme_example: unknown"),
        (("    programme: Testpioniers\n", "    email: iemand@example.org\n"), "has email: an ambassador"),
        (("    programme: Testpioniers\n", "    phone: 0612345678\n"), "has phone: an ambassador"),
        (('    sources: [{file: "900", lines: "6-7"}]\n', ""), "has no sources"),
        (("summary: Zij vertelt over haar bedrijf.", "summary: ''"), "needs summary"),
    ],
)
def test_a_bad_ambassador_gives_one_clear_message_and_writes_nothing(tmp_path, change, message):
    write(tmp_path, "taxonomy.yaml", TAXONOMY)
    write(tmp_path, "ambassadors.yaml", AMBASSADORS.replace(*change))
    with pytest.raises(CommandError) as error:
        call_command("load_portal_data", directory=str(tmp_path))
    problem = str(error.value).split("\n")[1]
    assert problem.startswith(f"ambassadors.yaml: ambassadors 'testambassadeur': {message}")
    assert not models.Ambassador.objects.filter(slug="testambassadeur").exists()


# --- The starting content, on purpose ----------------------------------------------------------------------


@pytest.fixture
def hesse():
    return (
        models.Ambassador.objects.select_related("organisation", "programme_example")
        .prefetch_related("sources__document", "regions", "factors", "themes")
        .get(slug="elbert-jan-hesse")
    )


@needs_seeds[1]
def test_the_pioneer_the_ser_advice_names_is_there_with_his_role_firm_and_programme(hesse):
    cited = cited_text(hesse)
    assert hesse.publication_status == models.PublicationStatus.PUBLISHED
    for fact in (hesse.name, hesse.role, hesse.company, hesse.programme):
        assert fact.lower() in cited, fact
    assert hesse.organisation.slug == "novon-schoonmaak"  # the firm's record, not a copy
    assert hesse.programme_example.slug == "actielijn-sociale-en-organisatorische-innovatie"


@needs_seeds[1]
def test_the_summarys_facts_are_in_the_cited_lines(hesse):
    cited = cited_text(hesse)
    for fact in ("7.9%", "3.6%", "landstede", "cibap", "deltion", "ella", "lean", "functioneringsgesprekken"):
        assert fact in hesse.summary.lower(), fact
        assert fact in cited, fact
    assert {s.document.code for s in hesse.sources.all()} == {"000", "003"}


def test_nothing_the_sources_do_not_give(hesse):
    assert list(hesse.regions.all()) == []  # no seed says where he works: unknown
    assert hesse.talks_about == ""  # no seed says what he offers to talk about
    assert "@" not in hesse.summary and "06" not in hesse.summary
    assert {f.slug for f in hesse.factors.all()} <= {"arbeid", "kennis"}
