"""Reminders about overdue questions (`manage.py remind_handoffs`, daily): docs/handoff.md.

A question without first contact after settings.HANDOFF_FIRST_CONTACT_WORKING_DAYS working days (the rule in
routekaart/cases.py) is overdue: its assigned editor gets a mail, or, when nobody is assigned, the loket's
editors. After settings.HANDOFF_ESCALATION_WORKING_DAYS more working days the loket's other editors get one
too.
Each stage is sent once per question (`reminded_at`, `escalated_at`). Like the notification, the mail holds no
personal data: the loket, the dates and a link into admin.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _g

from . import cases
from .models import HandoffRequest

logger = logging.getLogger(__name__)


def _editors(handoff):
    return set(cases.editor_addresses(handoff.loket_id))


def _assignee(handoff):
    user = handoff.assignee
    return {user.email} if user is not None and user.is_active and user.email else set()


def _send(handoff, recipients, *, site_url, connection, everyone):
    url = cases.case_admin_url(handoff.pk, site_url)
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "loket": handoff.loket,
            "day": formats.date_format(timezone.localdate(handoff.created_at), "DATE_FORMAT"),
            "due": formats.date_format(cases.due_on(handoff.created_at), "DATE_FORMAT"),
            "url": url,
        }
        subject = _g("Herinnering: een vraag aan %(loket)s wacht op eerste contact") % values
        body = (
            _g(
                "Een vraag aan %(loket)s van %(day)s heeft nog geen eerste contact gehad. "
                "Dat moest uiterlijk %(due)s.\n\nLees de vraag en leg het eerste contact vast:\n%(url)s\n"
            )
            % values
        )
        if everyone:
            body += "\n" + _g("Deze herinnering gaat naar alle redacteuren van het loket.") + "\n"
    try:
        send_mail(subject, body, None, sorted(recipients), connection=connection)
    except Exception as error:  # tried again tomorrow: the stage is not marked as sent
        logger.error("Handoff %s: reminder mail failed: %r", handoff.pk, error)
        return False
    return True


def remind_overdue(*, today=None, site_url=""):
    """Send the reminders due `today`; returns (first reminders sent, reminders to the whole loket sent)."""
    today = today or timezone.localdate()
    now = timezone.now()
    questions = HandoffRequest.objects.select_related("loket", "assignee").order_by("pk")
    late = cases.overdue(questions, today=today, extra_working_days=settings.HANDOFF_ESCALATION_WORKING_DAYS)
    first = second = 0
    with get_connection() as connection:
        # The later stage first: a question found past both at once gets one mail, to everyone.
        for handoff in late.filter(escalated_at__isnull=True):
            recipients = _editors(handoff) | _assignee(handoff)
            if recipients and _send(
                handoff, recipients, site_url=site_url, connection=connection, everyone=True
            ):
                HandoffRequest.objects.filter(pk=handoff.pk).update(
                    escalated_at=now, reminded_at=handoff.reminded_at or now
                )
                second += 1
        for handoff in cases.overdue(questions, today=today).filter(reminded_at__isnull=True):
            recipients = _assignee(handoff) or _editors(handoff)
            if recipients and _send(
                handoff, recipients, site_url=site_url, connection=connection, everyone=False
            ):
                HandoffRequest.objects.filter(pk=handoff.pk).update(reminded_at=now)
                first += 1
    return first, second
