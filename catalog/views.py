"""The public catalog pages: lists, details, search and the report form; each parses, reads once, renders."""

from functools import wraps

from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.pagecache import cache_form_page, cache_public_page

from . import reports, search_demand, selectors
from .filters import (
    AmbassadorFilter,
    InstrumentFilter,
    KnowledgeOfferFilter,
    LearningCommunityFilter,
    OrganisationFilter,
    PracticeExampleFilter,
)
from .forms import OutdatedReportForm
from .listing import listing
from .models import (
    Ambassador,
    Factor,
    KnowledgeForm,
    KnowledgeOffer,
    LearningCommunity,
    OutdatedReport,
    RecordKind,
)
from .search import MAX_QUERY_LENGTH, Found, clean_query, find

PAGE_SIZE = 20


def _list(request, *, filterset_class, queryset, template, extra=None):
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    valid = filterset.is_valid()
    found = listing(filterset)
    page = Paginator(found.records, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "filter": filterset,
        "page": page,
        "facets": selectors.facet_options(filterset, found.counts),
        "query_without_page": _without(request.GET, "pagina"),
    }
    if extra is not None and not page.object_list:
        context.update(extra(filterset))
    return render(request, template, context, status=200 if valid else 400)


def _without(query, key):
    query = query.copy()
    query.pop(key, None)
    return query.urlencode()


def _list_view(filterset_class, queryset, template, extra=None):
    def view(request):
        return _list(
            request, filterset_class=filterset_class, queryset=queryset(), template=template, extra=extra
        )

    return cache_public_page(view)


def _still_collecting(model):
    """For an empty kennisbank list: whether anything is published at all, and the loket of the chosen
    region (its first few loketten), so the page can point there while offers are still being collected."""

    def extra(filterset):
        chosen = getattr(filterset.form, "cleaned_data", {})
        regions = chosen.get("regio") or []
        published = selectors.published(model)
        return {
            "nothing_published": len(published) == 0,
            "loket": selectors.loketten_for(regions[0], limit=3) if len(regions) == 1 else None,
            "forms_not_collected": [
                KnowledgeForm(form).label
                for form in chosen.get("vorm") or []
                if not published & selectors.with_label(model, "form", form)
            ],
        }

    return extra


instrument_list = _list_view(InstrumentFilter, selectors.instruments_for_list, "catalog/instrument_list.html")
organisation_list = _list_view(
    OrganisationFilter, selectors.organisations_for_list, "catalog/organisation_list.html"
)
practiceexample_list = _list_view(
    PracticeExampleFilter, selectors.practice_examples_for_list, "catalog/practiceexample_list.html"
)

knowledgeoffer_list = _list_view(
    KnowledgeOfferFilter,
    selectors.knowledge_offers_for_list,
    "catalog/knowledgeoffer_list.html",
    _still_collecting(KnowledgeOffer),
)
learningcommunity_list = _list_view(
    LearningCommunityFilter,
    selectors.learning_communities_for_list,
    "catalog/learningcommunity_list.html",
    _still_collecting(LearningCommunity),
)
ambassador_list = _list_view(
    AmbassadorFilter,
    selectors.ambassadors_for_list,
    "catalog/ambassador_list.html",
    _still_collecting(Ambassador),
)


@cache_public_page
def instrument_detail(request, slug):
    instrument = get_object_or_404(selectors.instruments_for_detail(), slug=slug)
    return render(request, "catalog/instrument_detail.html", {"instrument": instrument})


@cache_public_page
def organisation_detail(request, slug):
    organisation = get_object_or_404(selectors.organisations_for_detail(), slug=slug)
    return render(request, "catalog/organisation_detail.html", {"organisation": organisation})


@cache_public_page
def practiceexample_detail(request, slug):
    example = get_object_or_404(selectors.practice_examples_for_detail(), slug=slug)
    return render(request, "catalog/practiceexample_detail.html", {"example": example})


@cache_public_page
def knowledgeoffer_detail(request, slug):
    offer = get_object_or_404(selectors.knowledge_offers_for_detail(), slug=slug)
    return render(request, "catalog/knowledgeoffer_detail.html", {"offer": offer})


@cache_public_page
def learningcommunity_detail(request, slug):
    community = get_object_or_404(selectors.learning_communities_for_detail(), slug=slug)
    return render(request, "catalog/learningcommunity_detail.html", {"community": community})


@cache_public_page
def ambassador_detail(request, slug):
    """An ambassador's page; `?regio=` shows the loket of the visitor's region, who brings them in contact."""
    ambassador = get_object_or_404(selectors.ambassadors_for_detail(), slug=slug)
    slug = request.GET.get("regio", "")
    region = selectors.firm_regions().filter(slug=slug).first() if slug_re.fullmatch(slug) else None
    context = {
        "ambassador": ambassador,
        "region_groups": selectors.firm_region_groups(),
        "loket": selectors.loketten_for(region, limit=3) if region else None,
        "region_unknown": bool(slug) and region is None,
    }
    status = 400 if context["region_unknown"] else 200
    return render(request, "catalog/ambassador_detail.html", context, status=status)


@cache_public_page
def factor_detail(request, slug):
    factor = get_object_or_404(Factor.objects.select_related("phase"), slug=slug)
    return render(request, "catalog/factor_detail.html", {"factor": factor, **selectors.for_factor(factor)})


@cache_public_page
def checklist_detail(request, slug):
    checklist = get_object_or_404(selectors.checklists_for_detail(), slug=slug)
    return render(request, "catalog/checklist_detail.html", {"checklist": checklist})


def _counting_misses(view):
    """Count a search that found nothing (catalog.search_demand), also when the page cache served it: the
    text rides on the cached response."""

    @wraps(view)
    def counted(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        text = getattr(response, "search_miss", "")
        if text and request.method == "GET":
            search_demand.record_miss(request, text)
        return response

    return counted


@_counting_misses
@cache_public_page
def search(request):
    """/zoeken/?q=: the query logic lives in catalog.search. A repeated q counts once: the first one."""
    raw = next(iter(request.GET.getlist("q")), "")
    query, trimmed = clean_query(raw)
    found = find(query) if query else Found([])
    page = Paginator(found.results, PAGE_SIZE).get_page(request.GET.get("pagina"))
    response = render(
        request,
        "catalog/search.html",
        {
            "query": query,
            "trimmed": trimmed,
            "max_query_length": MAX_QUERY_LENGTH,
            "count": found.count,
            "more": found.more,
            "page": page,
            "suggestion": found.suggestion,
            "query_without_page": _without(request.GET, "pagina"),
        },
    )
    if query and not found.count:
        response.search_miss = search_demand.miss_text(query)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@cache_form_page
def report_outdated(request, kind, slug):
    record_kind = reports.URL_KINDS.get(kind)
    if record_kind is None:
        raise Http404
    try:
        record = reports.published_record(kind=record_kind, slug=slug)
    except reports.UnknownRecord:
        raise Http404 from None

    context = {
        "record": record,
        "record_kind": record_kind,
        "record_kind_label": RecordKind(record_kind).label,
        "record_path": reverse(reports.DETAIL_URL_NAMES[record_kind], args=[record.slug]),
        "retention_days": reports.EMAIL_RETENTION.days,
    }
    if request.method == "POST":
        if reports.is_rate_limited(request):
            kept = request.POST.get("message", "")[: OutdatedReport.MESSAGE_MAX_LENGTH]
            return render(request, "429.html", {**context, "kept_message": kept}, status=429)
        form = OutdatedReportForm(request.POST)
        if form.is_valid():
            reports.count_report(request)
            if not form.is_spam():
                reports.submit_report(
                    kind=record_kind,
                    slug=record.slug,
                    message=form.cleaned_data["message"],
                    email=form.cleaned_data["email"],
                )
            return redirect(f"{request.path}?verzonden=1")
    elif request.GET.get("verzonden") == "1":
        return render(request, "catalog/report_outdated.html", {**context, "sent": True})
    else:
        form = OutdatedReportForm()
    return render(request, "catalog/report_outdated.html", {**context, "form": form})
