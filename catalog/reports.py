"""Meld verouderde informatie: anyone can tell the curators that a public record is outdated or wrong.

The services (`submit_report`, `purge_report_emails`) hold the rules; the view (`views.report_outdated`)
parses the request, guards it (404, rate limit, honeypot) and renders. Privacy: the optional e-mail address is
the only personal data kept, and only as long as `purge_report_emails` allows. IP addresses are never stored:
the rate limit keeps a keyed hash of the client address in the cache for one hour.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from common.ratelimit import RateLimit

from .models import (
    Ambassador,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Organisation,
    OutdatedReport,
    PracticeExample,
    RecordKind,
    Region,
    ReportStatus,
)

RECORD_MODELS = {
    RecordKind.INSTRUMENT: Instrument,
    RecordKind.ORGANISATION: Organisation,
    RecordKind.PRACTICE_EXAMPLE: PracticeExample,
    RecordKind.REGION: Region,
    RecordKind.KNOWLEDGE_OFFER: KnowledgeOffer,
    RecordKind.LEARNING_COMMUNITY: LearningCommunity,
    RecordKind.AMBASSADOR: Ambassador,
}

# The Dutch word in the report URL, /melden/<kind>/<slug>/, for each kind of record.
URL_KINDS = {
    "instrument": RecordKind.INSTRUMENT,
    "organisatie": RecordKind.ORGANISATION,
    "praktijkvoorbeeld": RecordKind.PRACTICE_EXAMPLE,
    "regio": RecordKind.REGION,
    "kennisaanbod": RecordKind.KNOWLEDGE_OFFER,
    "leergemeenschap": RecordKind.LEARNING_COMMUNITY,
    "ambassadeur": RecordKind.AMBASSADOR,
}

# The public detail pages (docs: design, "Public URLs"); the report page links back to them.
DETAIL_URL_NAMES = {
    RecordKind.INSTRUMENT: "catalog:instrument_detail",
    RecordKind.ORGANISATION: "catalog:organisation_detail",
    RecordKind.PRACTICE_EXAMPLE: "catalog:practiceexample_detail",
    RecordKind.REGION: "ecosystems:region_detail",
    RecordKind.KNOWLEDGE_OFFER: "catalog:knowledgeoffer_detail",
    RecordKind.LEARNING_COMMUNITY: "catalog:learningcommunity_detail",
    RecordKind.AMBASSADOR: "catalog:ambassador_detail",
}

# Retention of the e-mail address in a report (see docs/reports.md and the privacy page).
EMAIL_RETENTION = timedelta(days=90)
HANDLED_EMAIL_RETENTION = timedelta(days=30)

# At most RATE_LIMIT reports per client per RATE_WINDOW seconds.
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60


class UnknownRecord(LookupError):
    """No published record of that kind with that slug."""


# --- Services ----------------------------------------------------------------------------------------------


def published_record(*, kind, slug):
    """The published record of `kind` (a RecordKind value) with `slug`, or UnknownRecord."""
    try:
        model = RECORD_MODELS[RecordKind(kind)]
    except ValueError:
        raise UnknownRecord(kind) from None
    try:
        return model.objects.published().get(slug=slug)
    except model.DoesNotExist:
        raise UnknownRecord(f"{kind}/{slug}") from None


def submit_report(*, kind, slug, message, email=""):
    """Store a report about a published record. Raises UnknownRecord, or ValidationError for bad input."""
    published_record(kind=kind, slug=slug)
    report = OutdatedReport(
        record_kind=kind, record_slug=slug, message=message.strip(), email=(email or "").strip()
    )
    report.full_clean()
    report.save()
    return report


def purge_report_emails(*, now=None):
    """Erase the e-mail address of reports past their retention period; returns how many were erased.

    An address is kept at most EMAIL_RETENTION (90 days) after the report, and at most HANDLED_EMAIL_RETENTION
    (30 days) after the report once the curators have marked it as handled. The report itself stays.
    """
    now = now or timezone.now()
    expired = Q(created_at__lt=now - EMAIL_RETENTION) | Q(
        status=ReportStatus.AFGEHANDELD, created_at__lt=now - HANDLED_EMAIL_RETENTION
    )
    return OutdatedReport.objects.exclude(email="").filter(expired).update(email="")


# --- Rate limit --------------------------------------------------------------------------------------------

RATE = RateLimit("catalog.reports", limit=RATE_LIMIT, window=RATE_WINDOW)
_rate_key, is_rate_limited, count_report = RATE.key, RATE.exceeded, RATE.count
