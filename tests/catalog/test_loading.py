import textwrap

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from catalog.models import Instrument, Organisation, PracticeExample, Region, Source
from catalog.starting_data import PortalDataError, load_portal_data, read_portal_data

pytestmark = pytest.mark.django_db

TAXONOMY = """
documents:
  - {code: "900", file: test.txt, title: Testbron, published_on: 2021-05-25, line_count: 100}
phases:
  - {slug: plannen, name: Plannen, sources: [{file: "900", lines: "1-2"}]}
factors:
  - {slug: kennis, name: Kennis, phase: plannen, sources: [{file: "900", lines: "3"}]}
regions:
  - {slug: europa, name: Europa, scope: europa, sources: [{file: "900", lines: "4"}]}
"""


def write(tmp_path, name, text):
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")


def test_loading_twice_changes_nothing():
    counts = (
        Region.objects.count(),
        Organisation.objects.count(),
        Instrument.objects.count(),
        PracticeExample.objects.count(),
        Source.objects.count(),
    )
    load_portal_data(settings.PORTAL_DATA_DIR)
    assert counts == (
        Region.objects.count(),
        Organisation.objects.count(),
        Instrument.objects.count(),
        PracticeExample.objects.count(),
        Source.objects.count(),
    )


def test_every_problem_in_the_data_is_reported_at_once(tmp_path):
    write(tmp_path, "taxonomy.yaml", TAXONOMY)
    write(
        tmp_path,
        "broken.yaml",
        """
        organisations:
          - slug: loket
            name: Loket
            kind: winkel
            regions: [atlantis]
            description: Een loket.
            sources: [{file: "900", lines: "90-120"}]
        instruments:
          - slug: regeling
            name: Regeling
            kind: subsidie
            provider: niemand
            regions: [europa]
            factors: [geluk]
            status: open
            amount_min: 10
            amount_max: 5
            description: Een regeling.
        """,
    )
    with pytest.raises(PortalDataError) as error:
        read_portal_data(tmp_path)
    problems = "\n".join(error.value.problems)
    assert "kind 'winkel' is not one of" in problems
    assert "unknown regions 'atlantis'" in problems
    assert "lines 90-120 fall outside 900" in problems
    assert "unknown organisations 'niemand'" in problems
    assert "unknown factors 'geluk'" in problems
    assert "amount_max is below amount_min" in problems
    assert "instruments 'regeling': has no sources" in problems


def test_duplicate_slugs_across_files_are_refused(tmp_path):
    write(tmp_path, "taxonomy.yaml", TAXONOMY)
    write(
        tmp_path,
        "more.yaml",
        """
        regions:
          - {slug: europa, name: Europa, scope: europa, sources: [{file: "900", lines: "4"}]}
        """,
    )
    with pytest.raises(PortalDataError, match="duplicate slug 'europa'"):
        read_portal_data(tmp_path)


def test_check_command_fails_clearly_and_writes_nothing(tmp_path):
    write(tmp_path, "taxonomy.yaml", TAXONOMY.replace("scope: europa", "scope: heelal"))
    before = Region.objects.count()
    with pytest.raises(CommandError, match="scope 'heelal' is not one of"):
        call_command("load_portal_data", directory=str(tmp_path))
    assert Region.objects.count() == before


def test_a_minimal_data_set_loads(tmp_path):
    write(tmp_path, "taxonomy.yaml", TAXONOMY)
    load_portal_data(tmp_path)
    europa = Region.objects.get(slug="europa")
    assert europa.publication_status == "gepubliceerd"
    assert str(europa.last_reviewed) == "2021-05-25"
    assert [str(s) for s in europa.sources.all()] == ["Testbron, r. 4"]
