"""The table of what each type of entrepreneur gets (routekaart.route_rules), and the engine following it."""

import re

import pytest
from django.http import QueryDict
from django.utils import translation

from catalog.models import EntrepreneurTypeCode, Factor, FactorSlug
from routekaart import route_rules
from routekaart.engine import route_for
from routekaart.profile import parse_profile
from routekaart.route_rules import RULES, StepKind

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
VALUES = {
    "region": "Salland",
    "names": "Novel-T",
    "province": "Overijssel",
    "factor": "Kennis",
    "factors": "x",
    "name": "Novel-T",
    "form": "Stage",
}


def texts():
    """(name, lazy text, the placeholders the engine fills in for it) for every text of the route."""
    shared = [
        ("loket title", route_rules.LOKET.title, set()),
        ("loket reason", route_rules.LOKET.reason, {"region", "names"}),
        ("province title", route_rules.LOKET_OF_PROVINCE.title, set()),
        ("province reason", route_rules.LOKET_OF_PROVINCE.reason, {"region", "province"}),
        ("province note", route_rules.LOKET_OF_PROVINCE.note, {"region"}),
        ("instruments title", route_rules.INSTRUMENTS_TITLE, {"factor"}),
        ("gentle start title", route_rules.GENTLE_START.title, set()),
        ("gentle start reason", route_rules.GENTLE_START.reason, set()),
        ("checklists title", route_rules.CHECKLISTS.title, set()),
        ("checklists reason", route_rules.CHECKLISTS.reason, set()),
        ("knowledge title", route_rules.KNOWLEDGE.title, set()),
        ("knowledge reason", route_rules.KNOWLEDGE.reason, {"factors"}),
        ("knowledge small firm", route_rules.KNOWLEDGE_SMALL_FIRM, set()),
        ("communities title", route_rules.COMMUNITIES.title, set()),
        ("communities reason", route_rules.COMMUNITIES.reason, set()),
        ("share title", route_rules.SHARE.title, set()),
        ("share reason", route_rules.SHARE.reason, set()),
        ("share kennisbank", route_rules.SHARE_KENNISBANK, set()),
        ("reason concrete form", route_rules.REASON_CONCRETE_FORM, {"form"}),
        ("reason short", route_rules.REASON_SHORT, set()),
        ("reason by firm", route_rules.REASON_BY_FIRM, set()),
        *(
            (f"reason community {status}", text, set())
            for status, text in route_rules.REASON_COMMUNITY_STATUS.items()
        ),
    ]
    per_type = []
    for code, rules in RULES.items():
        per_type += [
            (f"{code} organisations title", rules.organisations.title, set()),
            (f"{code} organisations reason", rules.organisations.reason, {"factors"}),
            (f"{code} examples title", rules.examples.title, set()),
            (f"{code} examples reason", rules.examples.reason, set()),
        ]
        per_type += [(f"{code} {f} reason", text, set()) for f, text in rules.factor_reasons.items()]
    return shared + per_type


def test_every_type_has_rules():
    assert set(RULES) == set(EntrepreneurTypeCode)


@pytest.mark.parametrize("code", EntrepreneurTypeCode)
def test_every_factor_comes_exactly_once_in_the_factor_order(code):
    order = RULES[code].factor_order
    assert sorted(order) == sorted(FactorSlug.values)
    assert all(isinstance(factor, FactorSlug) for factor in order)


@pytest.mark.parametrize("code", EntrepreneurTypeCode)
def test_every_step_comes_exactly_once_and_the_loket_first(code):
    order = RULES[code].step_order
    assert sorted(order) == sorted(StepKind.values)
    assert order[0] == StepKind.LOKET


@pytest.mark.parametrize("code", EntrepreneurTypeCode)
def test_the_factors_a_type_stands_for_lead_its_factor_order(code):
    rules = RULES[code]
    assert set(rules.default_factors) <= set(rules.factor_order)
    assert rules.factor_order[: len(rules.default_factors)] == rules.default_factors


@pytest.mark.parametrize("code", EntrepreneurTypeCode)
def test_every_type_has_a_reason_for_every_factor(code):
    assert set(RULES[code].factor_reasons) == set(FactorSlug)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "phase"), [(EntrepreneurTypeCode.B, "plannen"), (EntrepreneurTypeCode.C, "uitvoeren")]
)
def test_b_starts_in_the_plan_phase_and_c_in_the_execution_phase(code, phase):
    """The SER scheme: B lacks kennis or netwerk (plan phase), C financiering or arbeid (execution phase)."""
    of_phase = set(Factor.objects.filter(phase__slug=phase).values_list("slug", flat=True))
    rules = RULES[code]
    assert len(of_phase) == 2
    assert set(rules.factor_order[:2]) == of_phase
    assert set(rules.default_factors) == of_phase


def test_who_does_not_yet_want_starts_gently_who_innovates_shares_and_who_lacks_something_gets_help_first():
    a, b, c, d = (RULES[code] for code in EntrepreneurTypeCode)
    assert a.gentle_start and a.sharing_first and a.step_order[1] == StepKind.EXAMPLES
    assert d.sharing_first and d.invite_to_share and not d.gentle_start
    assert d.step_order[1:3] == (StepKind.SHARE, StepKind.ORGANISATIONS)
    for rules in (a, b, c):
        assert not rules.invite_to_share
    for rules in (b, c):
        assert rules.step_order[1] == StepKind.INSTRUMENTS
        assert rules.step_order[2] == StepKind.KNOWLEDGE  # help with the factor, then who teaches it
        assert not rules.gentle_start and not rules.sharing_first


def test_c_reads_about_its_plan_for_financing_and_people_and_the_others_read_the_general_text():
    for code, rules in RULES.items():
        for factor, reason in rules.factor_reasons.items():
            special = code == EntrepreneurTypeCode.C and factor in (
                FactorSlug.FINANCIERING,
                FactorSlug.ARBEID,
            )
            assert str(reason).startswith("U heeft een plan") == special, (code, factor)
            assert (reason == route_rules.FACTOR_REASONS[factor]) != special, (code, factor)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_text_renders_with_the_placeholders_the_engine_fills_in(language):
    with translation.override(language):
        for name, text, allowed in texts():
            used = set(PLACEHOLDER.findall(str(text)))
            assert used <= allowed, name
            rendered = text % VALUES
            assert "%" not in rendered, name
            assert rendered.strip(), name
    assert "factor" in PLACEHOLDER.findall(str(route_rules.INSTRUMENTS_TITLE))
    assert "region" in PLACEHOLDER.findall(str(route_rules.LOKET_OF_PROVINCE.reason))


def test_every_text_has_its_english_translation():
    """A Dutch text changed here without `make messages` would show in Dutch on the English site."""
    with translation.override("nl"):
        dutch = {name: str(text) for name, text, _ in texts()}
    with translation.override("en"):
        untranslated = [name for name, text, _ in texts() if str(text) == dutch[name]]
    assert untranslated == []


# --- The engine follows the table ---------------------------------------------------------------------------


def route(query):
    profile, errors = parse_profile(QueryDict(query))
    assert errors == {}
    return route_for(profile)


def without_repeats(kinds):
    return [kind for i, kind in enumerate(kinds) if i == 0 or kinds[i - 1] != kind]


@pytest.mark.django_db
@pytest.mark.parametrize("code", EntrepreneurTypeCode)
def test_the_route_follows_the_step_order_factor_order_and_texts_of_its_type(code):
    rules = RULES[code]
    all_factors = "".join(f"&factor={f}" for f in FactorSlug.values)
    steps = route(f"regio=twente&type={code}{all_factors}").steps
    kinds = without_repeats([step.kind for step in steps])
    assert kinds == [kind for kind in rules.step_order if kind in kinds]
    # Every step shows; the kennisbank's only where the starting data has offers and communities for it.
    missing = set(rules.step_order) - set(kinds)
    assert missing <= {StepKind.KNOWLEDGE, StepKind.COMMUNITIES, StepKind.SHARE}
    assert (StepKind.SHARE in kinds) == rules.invite_to_share
    factors = [step.factor for step in steps if step.factor]
    assert len(factors) >= 3
    assert factors == [f for f in rules.factor_order if f in factors]
    by_kind = {step.kind: step for step in steps}
    assert by_kind[StepKind.ORGANISATIONS].title == str(rules.organisations.title)
    assert by_kind[StepKind.EXAMPLES].title == str(rules.examples.title)
    assert by_kind[StepKind.EXAMPLES].reason == str(rules.examples.reason)
    for step in steps:
        if step.factor:
            assert step.reason == str(rules.factor_reasons[step.factor])


@pytest.mark.django_db
@pytest.mark.parametrize("code", EntrepreneurTypeCode)
def test_without_ticked_factors_the_route_has_the_default_factors_and_the_gentle_start_of_its_type(code):
    steps = route(f"regio=twente&type={code}").steps
    assert [step.factor for step in steps if step.factor] == list(RULES[code].default_factors)
    gentle = [step for step in steps if step.title == str(route_rules.GENTLE_START.title)]
    assert len(gentle) == RULES[code].gentle_start
