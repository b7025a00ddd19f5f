from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.models import EntrepreneurType, FactorSlug, FirmSize, FirmSizeSlug, Scope, Theme

from . import quickscan
from .engine import route_for
from .profile import Ambition, parse_profile, route_regions


def route(request):
    """The quickscan without answers; the personal route when the query string holds a valid profile."""
    query = request.GET
    if "scan" in query or "vernieuwen" in query:  # the quickscan form was sent
        answers = quickscan.answers_from(query)
        profile_query, errors = quickscan.profile_query(answers)
        profile, profile_errors = parse_profile(profile_query)
        if profile is not None and not errors:
            return HttpResponseRedirect(f"{reverse('route')}?{profile.query_string()}")
        return _quickscan(request, answers, {**profile_errors, **errors}, status=400)
    if not query or "wijzig" in query:
        return _quickscan(request, quickscan.answers_from(query), {})
    profile, errors = parse_profile(query)
    if profile is None:
        return _quickscan(request, quickscan.answers_from(query), errors, status=400)
    return render(
        request,
        "routekaart/route.html",
        {
            "profile": profile,
            "route": route_for(profile),
            "site": request.build_absolute_uri("/").rstrip("/"),
            "type_name": EntrepreneurType.objects.filter(code=profile.entrepreneur_type)
            .values_list("name", flat=True)
            .first(),
            "factor_names": [str(FactorSlug(f).label).lower() for f in profile.factors],
            "size_name": FirmSizeSlug(profile.firm_size).label if profile.firm_size else "",
        },
    )


def _quickscan(request, answers, errors, *, status=200):
    if "type" in errors and "vernieuwen" not in errors and "plan" not in errors:
        errors["vernieuwen"] = errors.pop("type")
    errors.pop("type", None)
    return render(
        request,
        "routekaart/quickscan.html",
        {
            "answers": answers,
            "errors": errors,
            "yes_no": quickscan.YES_NO,
            "obstacles": quickscan.OBSTACLES,
            "region_groups": _region_groups(),
            "themes": list(Theme.objects.order_by("name")),
            "sizes": list(FirmSize.objects.order_by("order")),
            "ambitions": Ambition.CHOICES,
        },
        status=status,
    )


def _region_groups():
    regions = list(route_regions().order_by("name"))
    return [
        (_("Regio's"), [r for r in regions if r.scope == Scope.REGIO]),
        (_("Gemeenten"), [r for r in regions if r.scope == Scope.GEMEENTE]),
    ]
