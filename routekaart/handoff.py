"""Leg uw vraag voor aan het loket: the warm hand-off of an entrepreneur's question to the innovatieloket.

Services (`loket_for`, `submit_handoff`, `notify_loket`, `confirm_to_entrepreneur`, `purge_handoffs`) hold
the rules; the view (`routekaart.views.handoff`) parses the request (the profile lives in the query string,
see routekaart.profile), guards it (400, rate limit, honeypot) and renders. Privacy: the request is personal
data; only the editors of its loket see it (routekaart/admin.py), the notification e-mail carries no personal
data but a link into admin, the confirmation to the entrepreneur repeats only what they typed, and
`purge_handoffs` deletes it after settings.HANDOFF_RETENTION_DAYS. IP addresses are never stored
(common.ratelimit keeps a keyed hash).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _g

from catalog import selectors
from catalog.models import Organisation, OrganisationEditor
from common.ratelimit import RateLimit

from .models import HandoffRequest
from .profile import in_words

logger = logging.getLogger(__name__)

# At most RATE_LIMIT questions per client per RATE_WINDOW seconds.
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60


# --- Reads -------------------------------------------------------------------------------------------------


def loket_for(*, region):
    """The innovatieloket serving `region`, first by name; None where the data names none (e.g. Salland)."""
    return Organisation.objects.loketten_serving(region).first()


def province_loketten(*, province=None):
    """Every published innovatieloket whose werkgebied lies in the province (the portal's by default)."""
    return selectors.province_loketten(province)


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
    confirm_to_entrepreneur(handoff=handoff, profile=profile, site_url=site_url)
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


def confirm_to_entrepreneur(*, handoff, profile, site_url=""):
    """E-mail the entrepreneur what was sent to whom, what happens next, how to reach the loket directly
    and how long the data is kept; returns whether it was sent.

    It repeats only what they typed (their name and question) and their quickscan answers, in the language
    they used the site in. A failing mail server is logged; the request is stored either way.
    """
    site = site_url.rstrip("/")
    context = {
        "handoff": handoff,
        "loket": handoff.loket,
        "answers": in_words(profile),
        "loket_url": site + reverse("catalog:organisation_detail", args=[handoff.loket.slug]),
        "privacy_url": site + reverse("privacy"),
        "days": settings.HANDOFF_RETENTION_DAYS,
    }
    subject = gettext("Uw vraag aan %(loket)s is verstuurd") % {"loket": handoff.loket}
    body = render_to_string("routekaart/email/handoff_confirmation.txt", context)
    try:
        send_mail(subject, body, None, [handoff.email])
    except Exception:  # the question is stored and the loket told; the confirmation page says it too
        logger.exception("Handoff %s: confirmation mail to the entrepreneur failed", handoff.pk)
        return False
    return True


def purge_handoffs(*, days=None, now=None):
    """Delete requests older than `days` (default settings.HANDOFF_RETENTION_DAYS); returns how many."""
    days = settings.HANDOFF_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _per_model = HandoffRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- Rate limit --------------------------------------------------------------------------------------------

RATE = RateLimit("routekaart.handoff", limit=RATE_LIMIT, window=RATE_WINDOW)
_rate_key, is_rate_limited, count_request = RATE.key, RATE.exceeded, RATE.count
