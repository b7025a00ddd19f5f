"""Meld verouderde informatie: anyone can tell the curators that a public record is outdated or wrong.

The service functions (`submit_report`, `purge_report_emails`) hold the rules; the view only parses the
request, guards it (404, rate limit, honeypot) and renders. Privacy: the optional e-mail address is the only
personal data kept, and only as long as `purge_report_emails` allows. IP addresses are never stored: the rate
limit keeps a keyed hash of the client address in the cache for one hour.
"""

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .forms import MultilineTextField
from .models import (
    Instrument,
    Organisation,
    OutdatedReport,
    PracticeExample,
    RecordKind,
    Region,
    ReportStatus,
)
from .ratelimit import RateLimit

RECORD_MODELS = {
    RecordKind.INSTRUMENT: Instrument,
    RecordKind.ORGANISATION: Organisation,
    RecordKind.PRACTICE_EXAMPLE: PracticeExample,
    RecordKind.REGION: Region,
}

# The Dutch word in the report URL, /melden/<kind>/<slug>/, for each kind of record.
URL_KINDS = {
    "instrument": RecordKind.INSTRUMENT,
    "organisatie": RecordKind.ORGANISATION,
    "praktijkvoorbeeld": RecordKind.PRACTICE_EXAMPLE,
    "regio": RecordKind.REGION,
}

# The public detail pages (docs: design, "Public URLs"); the report page links back to them.
DETAIL_URL_NAMES = {
    RecordKind.INSTRUMENT: "catalog:instrument_detail",
    RecordKind.ORGANISATION: "catalog:organisation_detail",
    RecordKind.PRACTICE_EXAMPLE: "catalog:practiceexample_detail",
    RecordKind.REGION: "ecosystems:region_detail",
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


# --- Form and view -----------------------------------------------------------------------------------------


class OutdatedReportForm(forms.Form):
    message = MultilineTextField(
        label=_("Wat klopt er niet?"),
        max_length=OutdatedReport.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 40}),
        error_messages={
            "required": _("Schrijf op wat er niet klopt."),
            "max_length": _(
                "Uw bericht is te lang. Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d)."
            ),
        },
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres (niet verplicht)"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl. Of laat het veld leeg."),
            "max_length": _("Dit e-mailadres is te lang. Gebruik hoogstens %(limit_value)d tekens."),
        },
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by many bots.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False, max_length=200)

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


@require_http_methods(["GET", "HEAD", "POST"])
def report_outdated(request, kind, slug):
    record_kind = URL_KINDS.get(kind)
    if record_kind is None:
        raise Http404
    try:
        record = published_record(kind=record_kind, slug=slug)
    except UnknownRecord:
        raise Http404 from None

    context = {
        "record": record,
        "record_kind": record_kind,
        "record_kind_label": RecordKind(record_kind).label,
        "record_path": reverse(DETAIL_URL_NAMES[record_kind], args=[record.slug]),
        "retention_days": EMAIL_RETENTION.days,
    }
    if request.method == "POST":
        if is_rate_limited(request):
            kept = request.POST.get("message", "")[: OutdatedReport.MESSAGE_MAX_LENGTH]
            return render(request, "429.html", {**context, "kept_message": kept}, status=429)
        form = OutdatedReportForm(request.POST)
        if form.is_valid():
            count_report(request)
            if not form.is_spam():
                submit_report(
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
