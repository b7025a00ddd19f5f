"""The quickscan: plain questions whose answers become a profile (see routekaart.profile).

Nothing here touches a request or the database except through `parse_profile`; the view glues it together.
"""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from catalog.models import FactorSlug

YES, NO = "ja", "nee"
YES_NO = [(YES, _("Ja")), (NO, _("Nee"))]
QUESTIONS = ("vernieuwen", "plan", "factor", "regio", "sector", "grootte", "doel")  # in the form's order

# "Wat houdt u tegen?" in plain words; each answer stands for one of the four innovation factors.
OBSTACLES = [
    (FactorSlug.KENNIS, _("Ik weet niet goed hoe ik het moet aanpakken, of ik mis kennis of technologie")),
    (FactorSlug.NETWERK, _("Ik ken de juiste partners niet om mee samen te werken")),
    (FactorSlug.FINANCIERING, _("Ik heb er (nog) geen geld voor")),
    (FactorSlug.ARBEID, _("Ik heb niet de juiste mensen om het uit te voeren")),
]
EXECUTION = {FactorSlug.FINANCIERING, FactorSlug.ARBEID}


def entrepreneur_type(*, wants, has_plan, factors):
    """Type A-D of the SER scheme from the plain answers (fixtures/taxonomy.yaml, entrepreneur_types).

    Not wanting to innovate: A. Wanting but no plan yet: B. A plan, but lacking money or people: C.
    A plan and lacking knowledge or partners only: B. A plan and nothing lacking: D.
    """
    if wants == NO:
        return "A"
    if has_plan == NO:
        return "B"
    if EXECUTION & set(factors):
        return "C"
    return "B" if factors else "D"


def answers_from(query):
    """What the visitor answered (or what a route's query string implies), to fill in the form again."""
    kind = query.get("type", "")
    wants = query.get("vernieuwen") or ({"A": NO, "B": YES, "C": YES, "D": YES}.get(kind, ""))
    has_plan = query.get("plan") or ({"B": NO, "C": YES, "D": YES}.get(kind, ""))
    return {
        "vernieuwen": wants,
        "plan": has_plan,
        "factor": [f for f in query.getlist("factor") if f in FactorSlug.values],
        "regio": query.get("regio", ""),
        "sector": query.get("sector", ""),
        "grootte": query.get("grootte", ""),
        "doel": query.get("doel", ""),
    }


def in_form_order(errors):
    """The errors in the order of the questions, so the summary reads like the form."""
    return dict(
        sorted(errors.items(), key=lambda item: QUESTIONS.index(item[0]) if item[0] in QUESTIONS else 99)
    )


def profile_query(answers):
    """(the profile's query for parse_profile, {question: message}) from the quickscan answers."""
    errors = {}
    if answers["vernieuwen"] not in (YES, NO):
        errors["vernieuwen"] = _("Zeg of u iets wilt vernieuwen in uw bedrijf.")
    elif answers["vernieuwen"] == YES and answers["plan"] not in (YES, NO):
        errors["plan"] = _("Zeg of u al een concreet plan heeft.")
    query = QueryDict(mutable=True)
    for key in ("regio", "sector", "grootte", "doel"):
        if answers[key]:
            query[key] = answers[key]
    query.setlist("factor", answers["factor"])
    if not errors:
        query["type"] = entrepreneur_type(
            wants=answers["vernieuwen"], has_plan=answers["plan"], factors=answers["factor"]
        )
    return query, errors
