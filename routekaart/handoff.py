"""Leg uw vraag voor aan het loket: the warm hand-off of an entrepreneur's question to the innovatieloket.

Services (`loket_for`, `submit_handoff`, `notify_loket`, `purge_handoffs`) hold the rules; the view parses the
request (the profile lives in the query string, see routekaart.profile), guards it (400, rate limit, honeypot)
and renders. Privacy: the request is personal data; only the editors of its loket see it
(routekaart/admin.py), the notification e-mail carries no personal data but a link into admin, and
`purge_handoffs` deletes it after settings.HANDOFF_RETENTION_DAYS. IP addresses are never stored (rate limit
as in catalog/reports.py).
"""

import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.core.validators import RegexValidator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from catalog.forms import MultilineTextField
from catalog.models import FactorSlug, Organisation, OrganisationEditor
from catalog.ratelimit import RateLimit

from .models import HandoffRequest
from .profile import parse_profile

logger = logging.getLogger(__name__)

# The quickscan (built beside this module); the hand-off links back to it.
ROUTE_PATH = "/route/"

# At most RATE_LIMIT questions per client per RATE_WINDOW seconds.
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60


# --- Reads -------------------------------------------------------------------------------------------------


def loket_for(*, region):
    """The innovatieloket serving `region`, first by name; None where the data names none (e.g. Salland)."""
    return Organisation.objects.published().innovatieloketten().serving(region).order_by("name").first()


def overijssel_loketten(*, province="overijssel"):
    """Every published innovatieloket whose werkgebied lies in the province, by name."""
    return (
        Organisation.objects.published()
        .innovatieloketten()
        .filter(regions__lineage__slug=province)
        .distinct()
        .order_by("name")
    )


# --- Services ----------------------------------------------------------------------------------------------


def submit_handoff(*, profile, loket, name, email, company, question, consent, phone="", site_url=""):
    """Store a question for `loket` and notify its staff. Raises ValidationError for bad input."""
    handoff = HandoffRequest(
        loket=loket,
        profile=profile.query_string(),
        region=profile.region,
        entrepreneur_type=profile.entrepreneur_type,
        factors=", ".join(profile.factors),
        name=name.strip(),
        email=email.strip(),
        company=company.strip(),
        question=question.strip(),
        phone=(phone or "").strip(),
        consent=consent,
    )
    handoff.full_clean()
    handoff.save()
    notify_loket(handoff=handoff, site_url=site_url)
    return handoff


def notify_loket(*, handoff, site_url=""):
    """E-mail every active staff member of the request's loket; returns how many addresses were mailed.

    The mail says only that a question came in and where to read it: the personal data stays in admin.
    A loket without staff, or a failing mail server, is logged; the request is stored either way.
    """
    recipients = sorted(
        set(
            OrganisationEditor.objects.filter(organisation=handoff.loket, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        logger.warning("Handoff %s: loket %s has no staff with an e-mail address", handoff.pk, handoff.loket)
        return 0
    admin_url = site_url.rstrip("/") + reverse("admin:routekaart_handoffrequest_change", args=[handoff.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _g("Nieuwe vraag voor %(loket)s via de valorisatieroutekaart") % {"loket": handoff.loket}
        body = _g(
            "Er is een nieuwe vraag voor %(loket)s binnengekomen via de valorisatieroutekaart.\n\n"
            "Log in om de vraag te lezen en contact op te nemen met de ondernemer:\n%(url)s\n\n"
            "De vraag wordt %(days)s dagen na ontvangst automatisch gewist."
        ) % {"loket": handoff.loket, "url": admin_url, "days": settings.HANDOFF_RETENTION_DAYS}
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the question is stored; staff still find it in admin
        logger.exception("Handoff %s: notification mail to %s failed", handoff.pk, handoff.loket)
        return 0
    return len(recipients)


def purge_handoffs(*, days=None, now=None):
    """Delete requests older than `days` (default settings.HANDOFF_RETENTION_DAYS); returns how many."""
    days = settings.HANDOFF_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _per_model = HandoffRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- Rate limit --------------------------------------------------------------------------------------------

RATE = RateLimit("routekaart.handoff", limit=RATE_LIMIT, window=RATE_WINDOW)
_rate_key, is_rate_limited, count_request = RATE.key, RATE.exceeded, RATE.count


# --- Form and view -----------------------------------------------------------------------------------------


def _too_long():
    return _("Dit is te lang. Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d).")


class HandoffForm(forms.Form):
    loket = forms.ModelChoiceField(
        label=_("Aan welk innovatieloket wilt u uw vraag stellen?"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een loket"),
        error_messages={
            "required": _("Kies een innovatieloket."),
            "invalid_choice": _("Kies een innovatieloket uit de lijst."),
        },
    )
    name = forms.CharField(
        label=_("Uw naam"),
        max_length=200,
        error_messages={"required": _("Vul uw naam in."), "max_length": _too_long()},
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        error_messages={
            "required": _("Vul uw e-mailadres in, zodat het loket u kan antwoorden."),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
            "max_length": _too_long(),
        },
    )
    company = forms.CharField(
        label=_("Naam van uw bedrijf"),
        max_length=200,
        error_messages={"required": _("Vul de naam van uw bedrijf in."), "max_length": _too_long()},
    )
    question = MultilineTextField(
        label=_("Uw vraag"),
        max_length=HandoffRequest.QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 40}),
        error_messages={"required": _("Schrijf uw vraag op."), "max_length": _too_long()},
    )
    phone = forms.CharField(
        label=_("Uw telefoonnummer (niet verplicht)"),
        required=False,
        max_length=30,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()\-]{5,28}$",
                _("Vul een telefoonnummer in met alleen cijfers, zoals 06 12345678. Of laat het veld leeg."),
            )
        ],
        error_messages={"max_length": _too_long()},
    )
    consent = forms.BooleanField(
        label=_("Ja, het loket mag mijn gegevens en vraag hiervoor gebruiken."),
        error_messages={"required": _("Geef toestemming, anders kunnen we uw vraag niet doorgeven.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by many bots.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False, max_length=200)

    def __init__(self, *args, loket=None, **kwargs):
        super().__init__(*args, **kwargs)
        if loket is None:
            self.fields["loket"].queryset = overijssel_loketten()
        else:
            del self.fields["loket"]

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


def _invalid_profile(request, errors):
    context = {"errors": list(errors.values()), "route_path": ROUTE_PATH}
    if request.method == "POST":  # never lose what was typed
        context["kept_question"] = request.POST.get("question", "")[: HandoffRequest.QUESTION_MAX_LENGTH]
    return render(request, "routekaart/handoff_invalid.html", context, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def handoff(request):
    profile, errors = parse_profile(request.GET)
    if profile is None:
        return _invalid_profile(request, errors)
    query = profile.query_string()
    context = {
        "profile": profile,
        "factor_labels": [FactorSlug(factor).label for factor in profile.factors],
        "route_url": f"{ROUTE_PATH}?{query}",
        "action": f"{request.path}?{query}",
        "retention_days": settings.HANDOFF_RETENTION_DAYS,
    }
    if request.method != "POST" and "verzonden" in request.GET:
        loket = overijssel_loketten().filter(slug=request.GET["verzonden"]).first()
        if loket is None:
            return _invalid_profile(request, {"verzonden": _("Dit loket kennen we niet.")})
        return render(request, "routekaart/handoff_sent.html", {**context, "loket": loket})

    loket = loket_for(region=profile.region)
    context["loket"] = loket
    if request.method == "POST":
        if is_rate_limited(request):
            kept = request.POST.get("question", "")[: HandoffRequest.QUESTION_MAX_LENGTH]
            return render(
                request, "routekaart/handoff_429.html", {**context, "kept_question": kept}, status=429
            )
        form = HandoffForm(request.POST, loket=loket)
        if form.is_valid():
            count_request(request)
            chosen = loket or form.cleaned_data["loket"]
            if not form.is_spam():
                data = form.cleaned_data
                submit_handoff(
                    profile=profile,
                    loket=chosen,
                    name=data["name"],
                    email=data["email"],
                    company=data["company"],
                    question=data["question"],
                    phone=data["phone"],
                    consent=data["consent"],
                    site_url=request.build_absolute_uri("/"),
                )
            return redirect(f"{request.path}?{query}&{urlencode({'verzonden': chosen.slug})}")
    else:
        form = HandoffForm(loket=loket)
    return render(request, "routekaart/handoff.html", {**context, "form": form})
