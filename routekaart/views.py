"""The site's own pages, the quickscan and route, and the question to a loket. Thin: parse, call, render."""

import logging
import sys

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from catalog.models import EntrepreneurType, FactorSlug, FirmSize, FirmSizeSlug, Theme
from catalog.reports import EMAIL_RETENTION, HANDLED_EMAIL_RETENTION
from catalog.selectors import catalog_counts, factors_with_phase, featured_examples, firm_region_groups
from common.pagecache import cache_form_page, cache_public_page, private_page
from ecosystems import demand
from ecosystems.selectors import regions_with_loket

from . import cases, quickscan, submissions
from . import handoff as handoff_services
from . import status as status_services
from .engine import route_for
from .forms import AdditionForm, HandoffForm, JoinForm, ShareForm
from .middleware import DATABASE_ERRORS, database_unavailable
from .models import HandoffRequest, JoinRequest, KnowledgeShare
from .profile import Ambition, is_slug, parse_profile, route_regions

logger = logging.getLogger(__name__)


# The language switch in every page's header needs no CSRF token: a forged switch only changes the language.
# So no page sets a csrftoken cookie for it and anonymous pages stay cacheable (common.pagecache).
set_language = csrf_exempt(i18n.set_language)


@cache_public_page
def home(request):
    return render(
        request,
        "home.html",
        {
            "counts": catalog_counts(),
            "factors": factors_with_phase(),
            "regions": regions_with_loket(),
            "examples": featured_examples(),
        },
    )


# --- The pages a Dutch public website owes its users -------------------------------------------------------


@cache_public_page
def accessibility(request):
    return render(request, "pages/accessibility.html")


@cache_public_page
def privacy(request):
    return render(
        request,
        "pages/privacy.html",
        {
            "retention_days": EMAIL_RETENTION.days,
            "handled_retention_days": HANDLED_EMAIL_RETENTION.days,
            "handoff_retention_days": settings.HANDOFF_RETENTION_DAYS,
            "demand_minimum": settings.DEMAND_MIN_COUNT,
            "search_pending_days": settings.SEARCH_MISS_PENDING_DAYS,
        },
    )


@cache_public_page
def contact(request):
    return render(
        request,
        "pages/contact.html",
        {"contact": handoff_services.contact_loketten()},
    )


# --- Error pages (routekaart.urls names them handler400 ... handler500) ------------------------------------
# Django's own error views re-run the CSRF check, which reads the form again: a post in another encoding
# (charset=utf-16) then raised inside the 400 handler and ended as a bare 500. These never read the form.


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):  # raised outside a view, e.g. in a middleware
        return database_unavailable(request, error)
    return HttpResponseServerError(render_to_string("500.html"))  # no request context, no database


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes: too many wrong passwords for this account or from this address (settings.LOGIN_*)."""
    return render(
        request,
        "429_login.html",
        {"minutes": settings.LOGIN_LOCKOUT_MINUTES, "limit": settings.LOGIN_FAILURE_LIMIT},
        status=429,
    )


# --- Health ------------------------------------------------------------------------------------------------


@never_cache
def healthz(request):
    """For the load balancer and the container: 200 "ok" when the database answers, else 503. No session,
    no cookies, no template."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_ERRORS as error:
        logger.warning("Health check: database unavailable: %s", type(error).__name__)
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


# --- The quickscan and the route ---------------------------------------------------------------------------


@cache_public_page
def route(request):
    """The quickscan without answers; the personal route when the query string holds a valid profile."""
    query = request.GET
    if "scan" in query or "vernieuwen" in query:  # the quickscan form was sent
        answers = quickscan.answers_from(query)
        profile_query, errors = quickscan.profile_query(answers)
        profile, profile_errors = parse_profile(profile_query)
        if profile is not None and not errors:
            # Counted here, not on the route page: this redirect is never cached, the route page is.
            if request.method == "GET":
                demand.count_quickscan(
                    region=profile.region,
                    entrepreneur_type=profile.entrepreneur_type,
                    factors=profile.factors,
                    firm_size=profile.firm_size,
                )
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
            "errors": quickscan.in_form_order(errors),
            "yes_no": quickscan.YES_NO,
            "obstacles": quickscan.OBSTACLES,
            "region_groups": firm_region_groups(),
            "themes": list(Theme.objects.order_by("name")),
            "sizes": list(FirmSize.objects.order_by("order")),
            "ambitions": Ambition.CHOICES,
        },
        status=status,
    )


# --- The question to a loket (services in handoff.py) ------------------------------------------------------


def _invalid_profile(request, errors):
    context = {"errors": list(errors.values()), "route_path": reverse("route")}
    if request.method == "POST":  # never lose what was typed
        context["kept_question"] = request.POST.get("question", "")[: HandoffRequest.QUESTION_MAX_LENGTH]
    return render(request, "routekaart/handoff_invalid.html", context, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@cache_form_page
def handoff(request):
    profile, errors = parse_profile(request.GET)
    if profile is None:
        return _invalid_profile(request, errors)
    query = profile.query_string()
    context = {
        "profile": profile,
        "factor_labels": [FactorSlug(factor).label for factor in profile.factors],
        "route_url": f"{reverse('route')}?{query}",
        "action": f"{request.path}?{query}",
        "retention_days": settings.HANDOFF_RETENTION_DAYS,
    }
    if request.method != "POST" and "verzonden" in request.GET:
        sent_to = request.GET["verzonden"]
        loket = (
            handoff_services.province_loketten().filter(slug=sent_to).first() if is_slug(sent_to) else None
        )
        if loket is None:
            return _invalid_profile(request, {"verzonden": _("Dit loket kennen we niet.")})
        return render(request, "routekaart/handoff_sent.html", {**context, "loket": loket})

    loket = handoff_services.loket_for(region=profile.region)
    choices = None if loket else handoff_services.loket_choices(profile.region)
    context["loket"] = loket
    if request.method == "POST":
        if handoff_services.is_rate_limited(request):
            kept = request.POST.get("question", "")[: HandoffRequest.QUESTION_MAX_LENGTH]
            return render(
                request, "routekaart/handoff_429.html", {**context, "kept_question": kept}, status=429
            )
        form = HandoffForm(request.POST, loket=loket, choices=choices)
        if form.is_valid():
            handoff_services.count_request(request)
            chosen = loket or form.cleaned_data["loket"]
            if not form.is_spam():
                data = form.cleaned_data
                stored = handoff_services.submit_handoff(
                    profile=profile,
                    loket=chosen,
                    name=data["name"],
                    email=data["email"],
                    company=data["company"],
                    question=data["question"],
                    phone=data["phone"],
                    consent=data["consent"],
                    referral_consent=data["referral_consent"],
                    site_url=request.build_absolute_uri("/"),
                )
                # Straight to Mijn vraag: the link to keep, even when the confirmation mail does not arrive.
                return redirect(f"{status_services.status_path(stored.status_token)}?verzonden=1")
            return redirect(f"{request.path}?{query}&{urlencode({'verzonden': chosen.slug})}")
    else:
        form = HandoffForm(loket=loket, choices=choices)
    return render(request, "routekaart/handoff.html", {**context, "form": form})


# --- Ik wil meedoen: joining a learning community (services in submissions.py) ----------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@cache_form_page
def join(request, slug):
    community = submissions.joinable(slug)
    if community is None:
        raise Http404
    context = {
        "community": community,
        "contact": community.contact,
        "retention_days": settings.HANDOFF_RETENTION_DAYS,
    }
    if request.method != "POST" and "verzonden" in request.GET:
        return render(request, "routekaart/join_sent.html", context)
    if not community.takes_requests:
        return render(request, "routekaart/join.html", context)  # full or ended: says so, no form
    if request.method == "POST":
        if submissions.JOIN_RATE.exceeded(request):
            kept = request.POST.get("message", "")[: JoinRequest.MESSAGE_MAX_LENGTH]
            return render(request, "routekaart/join_429.html", {**context, "kept_message": kept}, status=429)
        form = JoinForm(request.POST)
        if form.is_valid():
            submissions.JOIN_RATE.count(request)
            if not form.is_spam():
                data = form.cleaned_data
                submissions.submit_join_request(
                    community=community,
                    name=data["name"],
                    email=data["email"],
                    organisation_name=data["organisation_name"],
                    message=data["message"],
                    consent=data["consent"],
                    site_url=request.build_absolute_uri("/"),
                )
            return redirect(f"{request.path}?verzonden=1")
    else:
        form = JoinForm()
    return render(request, "routekaart/join.html", {**context, "form": form})


# --- Deel uw kennis: a firm offers what it knows, through its loket (services in submissions.py) ----------


@require_http_methods(["GET", "HEAD", "POST"])
@cache_form_page
def share(request):
    slug = request.GET.get("regio", "")
    region = route_regions().filter(slug=slug).first() if is_slug(slug) else None
    context = {"retention_days": settings.HANDOFF_RETENTION_DAYS, "region_groups": firm_region_groups()}
    if region is None:  # first the region: it decides which loket gets the offer
        status = 400 if slug or request.method == "POST" else 200
        context["region_unknown"] = bool(slug)
        if request.method == "POST":  # never lose what was typed
            context["kept_offer"] = request.POST.get("offer", "")[: KnowledgeShare.OFFER_MAX_LENGTH]
        return render(request, "routekaart/share_region.html", context, status=status)
    loket = handoff_services.loket_for(region=region)
    choices = None if loket else handoff_services.loket_choices(region)
    context.update(region=region, loket=loket, action=f"{request.path}?{urlencode({'regio': region.slug})}")
    if request.method != "POST" and "verzonden" in request.GET:
        sent_to = request.GET["verzonden"]
        chosen = (
            handoff_services.province_loketten().filter(slug=sent_to).first() if is_slug(sent_to) else None
        )
        if chosen is None:
            raise Http404
        return render(request, "routekaart/share_sent.html", {**context, "loket": chosen})
    if request.method == "POST":
        if submissions.SHARE_RATE.exceeded(request):
            kept = request.POST.get("offer", "")[: KnowledgeShare.OFFER_MAX_LENGTH]
            return render(request, "routekaart/share_429.html", {**context, "kept_offer": kept}, status=429)
        form = ShareForm(request.POST, loket=loket, choices=choices)
        if form.is_valid():
            submissions.SHARE_RATE.count(request)
            chosen = loket or form.cleaned_data["loket"]
            if not form.is_spam():
                data = form.cleaned_data
                submissions.submit_knowledge_share(
                    loket=chosen,
                    region=region,
                    name=data["name"],
                    email=data["email"],
                    organisation_name=data["organisation_name"],
                    form=data["form"],
                    offer=data["offer"],
                    ambassador=data["ambassador"],
                    consent=data["consent"],
                    site_url=request.build_absolute_uri("/"),
                )
            return redirect(f"{context['action']}&{urlencode({'verzonden': chosen.slug})}")
    else:
        form = ShareForm(loket=loket, choices=choices)
    return render(request, "routekaart/share.html", {**context, "form": form})


# --- Mijn vraag: the entrepreneur's private status page (services in status.py) ---------------------------
# Every answer is private_page (no-store, same-origin referrer, noindex) and never goes through the page
# cache. The token is in the path: logging redacts it (routekaart/logfilters.py), and the 404 and 429 are
# marked as logged so that Django's request log does not write the path.


def _unlogged(response):
    response._has_been_logged = True  # django.request would log the path, token and all
    return response


def _not_found(request):
    """One page for every link that does not open a question: no hint whether it ever existed."""
    status_services.LOOKUPS.count(request)
    return _unlogged(render(request, "routekaart/my_question_404.html", status=404))


def _question_or_none(request, token):
    """(response, None) when the visitor is refused, else (None, question)."""
    if status_services.LOOKUPS.exceeded(request):
        return _unlogged(render(request, "routekaart/my_question_429.html", status=429)), None
    handoff = status_services.handoff_for_token(token)
    if handoff is None:
        return _not_found(request), None
    return None, handoff


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def my_question(request, token):
    refused, handoff = _question_or_none(request, token)
    if refused:
        return refused
    if request.method == "POST":
        if status_services.ADDITIONS.exceeded(request):
            return _unlogged(render(request, "routekaart/my_question_429.html", status=429))
        form = AdditionForm(request.POST)
        if form.is_valid():
            status_services.ADDITIONS.count(request)
            status_services.add_information(
                handoff, form.cleaned_data["text"], site_url=request.build_absolute_uri("/")
            )
            return redirect(f"{request.path}?toegevoegd=1")
    else:
        form = AdditionForm()
    holder = cases.current_holder(handoff)
    return render(
        request,
        "routekaart/my_question.html",
        {
            "handoff": handoff,
            "token": token,
            "holder": holder,
            "status_text": status_services.status_in_words(handoff),
            "expires_at": status_services.expires_at(handoff),
            "additions": list(handoff.additions.all()),
            "form": form,
            "added": request.method == "GET" and "toegevoegd" in request.GET,
            "sent": request.method == "GET" and "verzonden" in request.GET,
            "page_url": request.build_absolute_uri(request.path),
            "route_url": f"{reverse('route')}?{handoff.profile}",
        },
    )


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def my_question_withdraw(request, token):
    """The second step: confirm, then withdraw (a form post: works without JavaScript)."""
    refused, handoff = _question_or_none(request, token)
    if refused:
        return refused
    if request.method == "POST":
        status_services.withdraw(handoff)
        return redirect("my_question_withdrawn")
    return render(request, "routekaart/my_question_withdraw.html", {"handoff": handoff, "token": token})


@private_page
def my_question_withdrawn(request):
    return render(request, "routekaart/my_question_withdrawn.html")
