"""Freshness of records: when a record counts as "verouderd" (stale), and instruments past their closing date.

A record is stale when nobody checked it against its sources for `settings.REVIEW_AFTER_MONTHS` months
(`last_reviewed` older than the cut-off date). A record that was never checked (`last_reviewed` empty) is
stale too: nobody vouches for it. The public page already says "Nog niet gecontroleerd" for those; the admin
and the review dashboard list them as "nooit gecontroleerd".
"""

import calendar
import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Instrument, InstrumentStatus


def review_after_months():
    return settings.REVIEW_AFTER_MONTHS


def months_before(date, months):
    """The same day `months` calendar months earlier (31 March - 1 month = 28/29 February)."""
    month_index = date.year * 12 + date.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def _today(today):
    return today or timezone.localdate()


def stale_cutoff(today=None):
    """Records last checked before this date are stale."""
    return months_before(_today(today), review_after_months())


def is_stale(record, today=None):
    """True when `record.last_reviewed` is empty or older than the review period."""
    if record.last_reviewed is None:
        return True
    return record.last_reviewed < stale_cutoff(today)


def stale_q(today=None):
    """`is_stale` as a Q for querysets of public records."""
    return Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=stale_cutoff(today))


def never_reviewed_q():
    return Q(last_reviewed__isnull=True)


def close_expired_instruments(today=None):
    """Set the stored status of open instruments past their closing date (`Instrument.objects.expired`) to
    closed; returns them.

    Saved one by one (not `update()`) so that history and search vectors follow.
    """
    closed = []
    for instrument in Instrument.objects.expired(_today(today)).order_by("pk"):
        instrument.status = InstrumentStatus.GESLOTEN
        instrument.save(update_fields=["status", "updated_at"])
        closed.append(instrument)
    return closed
