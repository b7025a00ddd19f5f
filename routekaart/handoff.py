"""Leg uw vraag voor aan het loket: the warm hand-off of an entrepreneur's question to the innovatieloket.

Services (`loket_for`, `submit_handoff`, `notify_loket`, `confirm_to_entrepreneur`, `notify_unsent`,
`purge_handoffs`) hold
the rules; the view (`routekaart.views.handoff`) parses the request (the profile lives in the query string,
see routekaart.profile), guards it (400, rate limit, honeypot) and renders. Privacy: the request is personal
data; only the editors of its loket see it (routekaart/admin.py), the notification e-mail carries no personal
data but a link into admin, the confirmation to the entrepreneur repeats only what they typed, and
`purge_handoffs` deletes it after settings.HANDOFF_RETENTION_DAYS. IP addresses are never stored
(common.ratelimit keeps a keyed hash).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import Prefetch, TextField
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _g
from pyroaring import BitMap

from catalog import selectors
from catalog.models import Organisation, OrganisationKind, Region, Scope
from catalog.recordsets import load_in_order, record_sets
from catalog.regions import in_area
from common.ratelimit import RateLimit

from .cases import case_admin_url, editor_addresses
from .engine import MAX_ITEMS
from .models import HandoffRequest
from .profile import in_words
from .status import new_token, status_path

logger = logging.getLogger(__name__)

# At most RATE_LIMIT questions per client per RATE_WINDOW seconds.
RATE_LIMIT = 5
FORGOTTEN = HandoffRequest.FORGOTTEN
RATE_WINDOW = 60 * 60
CONTACT_LIMIT = 3  # loketten per region on /contact/ (contact_loketten)


# --- Reads -------------------------------------------------------------------------------------------------


def loket_for(*, region):
    """The innovatieloket serving `region` (`loketten_serving`), first by name; None where the data names
    none (e.g. Salland). From the record sets: one query for the loket, whatever the number of loketten."""
    pks = record_sets(Organisation).pks_of(_serving_loketten(region), 0, 1)
    return Organisation.objects.filter(pk__in=pks).first()


def _loketten():
    """The published innovatieloketten, as a record set."""
    return selectors.published(Organisation) & selectors.with_label(
        Organisation, "kind", OrganisationKind.INNOVATIELOKET
    )


def _serving_loketten(region):
    """`Organisation.objects.loketten_serving(region)`, as a record set."""
    return _loketten() & selectors.serving(Organisation, region)


@dataclass
class RegionLoketten:
    """A region of the province on /contact/: the loketten shown for it and how many serve it (`count`:
    what `/organisaties/?soort=innovatieloket&regio=<region>` lists)."""

    region: Region
    loketten: list
    count: int

    @property
    def more(self):
        return self.count > len(self.loketten)


@dataclass
class ContactLoketten:
    province: Region | None
    regions: list  # of RegionLoketten, by name
    count: int  # the loketten a firm in the province can go to (`?soort=innovatieloket&gebied=<province>`)
    shown: int

    @property
    def more(self):
        return self.count > self.shown


def contact_loketten(*, province=None, limit=CONTACT_LIMIT):
    """For /contact/: per region of the province (the portal's by default), by name, the first `limit`
    innovatieloketten serving it that an earlier region did not show yet, each with its werkgebied; and how
    many there are per region and in the whole province. Bounded at any number of loketten: two queries
    beside the record sets."""
    province = province or settings.PORTAL_PROVINCE
    places = list(
        Region.objects.published()
        .filter(lineage__slug=province, scope__in=[Scope.PROVINCIE, Scope.REGIO])
        .order_by("name")
    )
    sets = record_sets(Organisation)
    shown, regions = BitMap(), []
    for region in (r for r in places if r.scope == Scope.REGIO):
        serving = _serving_loketten(region)
        pks = sets.pks_of(serving - shown, 0, limit)
        shown |= BitMap(sets.position[pk] for pk in pks)
        regions.append(RegionLoketten(region, pks, len(serving)))
    cards = Organisation.objects.prefetch_related(Prefetch("regions", queryset=Region.objects.published()))
    by_pk = {loket.pk: loket for loket in load_in_order(cards, [pk for r in regions for pk in r.loketten])}
    for entry in regions:
        entry.loketten = [by_pk[pk] for pk in entry.loketten if pk in by_pk]
    province = next((r for r in places if r.scope == Scope.PROVINCIE), None)
    count = 0
    if province is not None:
        area = sets.named(("in_area", province.pk), lambda: in_area(Organisation.objects.all(), province))
        count = len(_loketten() & area)
    return ContactLoketten(province, regions, count, len(shown))


def loket_choices(region):
    """The loketten a firm in `region` without a loket of its own chooses from: those the route's first step
    names (`loketten_for`, the first few of the province's), so the form stays short at any number."""
    answer = selectors.loketten_for(region, limit=MAX_ITEMS)
    shown = [loket.pk for loket in answer.loketten]
    return Organisation.objects.filter(pk__in=shown).order_by("name", "slug")


def province_loketten(*, province=None):
    """Every published innovatieloket whose werkgebied lies in the province (the portal's by default)."""
    return selectors.province_loketten(province)


# --- Services ----------------------------------------------------------------------------------------------


def submit_handoff(
    *, profile, loket, name, email, company, question, consent, phone="", referral_consent=False, site_url=""
):
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
        referral_consent=bool(referral_consent),
    )
    token, handoff.status_token_hash = new_token()
    handoff.full_clean()
    handoff.save()
    handoff.status_token = token  # not stored: only the confirmation mail carries it
    language = translation.get_language()  # the confirmation speaks the visitor's language

    def send():
        with translation.override(language):
            send_handoff_mails(handoff=handoff, profile=profile, site_url=site_url)

    transaction.on_commit(send)
    return handoff


def send_handoff_mails(*, handoff, profile, site_url=""):
    """Tell the loket and confirm to the entrepreneur, once the question is stored (after commit), over one
    connection: a mail server that hangs costs settings.EMAIL_TIMEOUT once, not per mail. Never raises: the
    question is stored, so the visitor sees no error; `manage.py notify_handoffs` retries the loket's mail."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        logger.error("Handoff %s: mail server unavailable (%s); notify_handoffs retries", handoff.pk, error)
        return
    try:
        notify_loket(handoff=handoff, site_url=site_url, connection=connection)
        confirm_to_entrepreneur(handoff=handoff, profile=profile, site_url=site_url, connection=connection)
    finally:
        connection.close()


def notify_loket(*, handoff, site_url="", connection=None):
    """E-mail every active staff member of the request's loket; returns how many addresses were mailed.

    The mail says only that a question came in and where to read it: the personal data stays in admin.
    A loket without staff, or a failing mail server, is logged; the request is stored either way.
    """
    recipients = editor_addresses(handoff.loket)
    if not recipients:
        logger.warning("Handoff %s: loket %s has no staff with an e-mail address", handoff.pk, handoff.loket)
        return 0
    admin_url = case_admin_url(handoff.pk, site_url)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _g("Nieuwe vraag voor %(loket)s via de valorisatieroutekaart") % {"loket": handoff.loket}
        body = _g(
            "Er is een nieuwe vraag voor %(loket)s binnengekomen via de valorisatieroutekaart.\n\n"
            "Log in om de vraag te lezen en contact op te nemen met de ondernemer:\n%(url)s\n\n"
            "De vraag wordt %(days)s dagen na ontvangst automatisch gewist."
        ) % {"loket": handoff.loket, "url": admin_url, "days": settings.HANDOFF_RETENTION_DAYS}
    try:
        send_mail(subject, body, None, recipients, connection=connection)
    except (
        Exception
    ) as error:  # the question is stored; staff still find it in admin; notify_handoffs retries
        logger.error("Handoff %s: notification mail to %s failed: %r", handoff.pk, handoff.loket, error)
        return 0
    HandoffRequest.objects.filter(pk=handoff.pk).update(notified_at=timezone.now())
    return len(recipients)


def notify_unsent(*, site_url=""):
    """Send the loket's notification of every stored question whose mail did not go out (unless the
    entrepreneur withdrew it since); returns how many questions were notified now."""
    unsent = (
        HandoffRequest.objects.filter(notified_at__isnull=True, withdrawn_at__isnull=True)
        .select_related("loket")
        .order_by("pk")
    )
    return sum(1 for handoff in unsent if notify_loket(handoff=handoff, site_url=site_url))


def confirm_to_entrepreneur(*, handoff, profile, site_url="", connection=None):
    """E-mail the entrepreneur what was sent to whom, what happens next, how to reach the loket directly
    and how long the data is kept; returns whether it was sent.

    It repeats only what they typed (their name and question) and their quickscan answers, in the language
    they used the site in. A failing mail server is logged; the request is stored either way.
    """
    site = site_url.rstrip("/")
    token = getattr(handoff, "status_token", "")  # set by submit_handoff; never stored
    context = {
        "handoff": handoff,
        "loket": handoff.loket,
        "answers": in_words(profile),
        "loket_url": site + reverse("catalog:organisation_detail", args=[handoff.loket.slug]),
        "privacy_url": site + reverse("privacy"),
        "status_url": site + status_path(token) if token else "",
        "days": settings.HANDOFF_RETENTION_DAYS,
    }
    subject = gettext("Uw vraag aan %(loket)s is verstuurd") % {"loket": handoff.loket}
    body = render_to_string("routekaart/email/handoff_confirmation.txt", context)
    try:
        send_mail(subject, body, None, [handoff.email], connection=connection)
    except Exception as error:  # the question is stored and the loket told; the confirmation page says it too
        logger.error("Handoff %s: confirmation mail to the entrepreneur failed: %r", handoff.pk, error)
        return False
    return True


def purge_handoffs(*, days=None, now=None):
    """Delete requests older than `days` (default settings.HANDOFF_RETENTION_DAYS); returns how many."""
    days = settings.HANDOFF_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _per_model = HandoffRequest.objects.filter(created_at__lt=cutoff).delete()
    forget_log_entries()
    return deleted


def forget_log_entries():
    """Blank the admin's log entries of hand-offs that no longer exist (purged or deleted by hand): their
    object_repr names the company. The entries stay, so that who handled a question stays known."""
    kind = ContentType.objects.get_for_model(HandoffRequest)
    existing = HandoffRequest.objects.annotate(key=Cast("pk", TextField())).values("key")
    stale = LogEntry.objects.filter(content_type=kind).exclude(object_id__in=existing)
    return stale.exclude(object_repr=FORGOTTEN).update(object_repr=FORGOTTEN)


# --- Rate limit --------------------------------------------------------------------------------------------

RATE = RateLimit("routekaart.handoff", limit=RATE_LIMIT, window=RATE_WINDOW)
_rate_key, is_rate_limited, count_request = RATE.key, RATE.exceeded, RATE.count
