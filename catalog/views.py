from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from . import selectors
from .filters import InstrumentFilter, OrganisationFilter, PracticeExampleFilter, facet_counts
from .models import Factor

PAGE_SIZE = 20


def _list(request, *, filterset_class, queryset, template):
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    valid = filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "filter": filterset,
        "page": page,
        "facets": selectors.facet_options(filterset, facet_counts(filterset)),
        "query_without_page": _without(request.GET, "pagina"),
    }
    return render(request, template, context, status=200 if valid else 400)


def _without(query, key):
    query = query.copy()
    query.pop(key, None)
    return query.urlencode()


def _list_view(filterset_class, queryset, template):
    def view(request):
        return _list(request, filterset_class=filterset_class, queryset=queryset(), template=template)

    return view


instrument_list = _list_view(InstrumentFilter, selectors.instruments_for_list, "catalog/instrument_list.html")
organisation_list = _list_view(
    OrganisationFilter, selectors.organisations_for_list, "catalog/organisation_list.html"
)
practiceexample_list = _list_view(
    PracticeExampleFilter, selectors.practice_examples_for_list, "catalog/practiceexample_list.html"
)


def instrument_detail(request, slug):
    instrument = get_object_or_404(selectors.instruments_for_detail(), slug=slug)
    return render(request, "catalog/instrument_detail.html", {"instrument": instrument})


def organisation_detail(request, slug):
    organisation = get_object_or_404(selectors.organisations_for_detail(), slug=slug)
    return render(request, "catalog/organisation_detail.html", {"organisation": organisation})


def practiceexample_detail(request, slug):
    example = get_object_or_404(selectors.practice_examples_for_detail(), slug=slug)
    return render(request, "catalog/practiceexample_detail.html", {"example": example})


def factor_detail(request, slug):
    factor = get_object_or_404(Factor.objects.select_related("phase"), slug=slug)
    return render(request, "catalog/factor_detail.html", {"factor": factor, **selectors.for_factor(factor)})


def checklist_detail(request, slug):
    checklist = get_object_or_404(selectors.checklists_for_detail(), slug=slug)
    return render(request, "catalog/checklist_detail.html", {"checklist": checklist})
