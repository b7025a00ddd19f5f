"""Warm referral (issue 14 item 2): the loket passes a question on to another organisation; that organisation
accepts it, sends it back or closes it. The rules (who may, when) are in routekaart/cases.py; these services
apply them, keep the chain (`Referral`) and tell people after commit:

- the receiving organisation's editors: that a question was referred to them, with a link into admin and no
  personal data (like the loket's notification);
- the entrepreneur: who has the question now and how to reach them (the organisation's public contact details
  in the catalogue), never an internal note;
- the loket's editors: that the question came back or was closed, with a link.

Mails go over one connection after commit and never raise: the change is stored either way (as in
routekaart/handoff.py).
"""

import logging
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _g

from . import cases
from .models import HandoffStatus, Referral, ReferralState

logger = logging.getLogger(__name__)


def refer(*, handoff, to_organisation, note, user, site_url=""):
    """Refer `handoff` to `to_organisation` with `note`; the question becomes "doorverwezen"."""
    reason = cases.why_not_refer(user, handoff)
    if reason:
        raise PermissionDenied(reason)
    if not cases.referral_targets(handoff).filter(pk=to_organisation.pk).exists():
        raise ValidationError(_g("Deze organisatie heeft geen medewerkers op de routekaart."))
    referral = Referral(
        handoff=handoff,
        from_organisation=handoff.loket,
        to_organisation=to_organisation,
        note=note.strip(),
        created_by=user,
    )
    referral.full_clean()
    referral.save()
    _forget_loaded(handoff)
    handoff.status = HandoffStatus.DOORVERWEZEN
    handoff.outcome, handoff.referred_to = "", None
    handoff.save(update_fields=["status", "outcome", "referred_to"])
    transaction.on_commit(lambda: _send(referral, _referred_mails, site_url))
    return referral


def answer(*, referral, state, user, note="", outcome="", site_url=""):
    """The receiving side accepts, sends back (with `note`) or closes (with `outcome`) `referral`."""
    if not cases.may_answer(user, referral, state):
        raise PermissionDenied(_g("U kunt deze doorverwijzing niet zo beantwoorden."))
    note = note.strip()
    if state == ReferralState.TERUGGESTUURD and not note:
        raise ValidationError({"note": _g("Schrijf waarom u de vraag terugstuurt.")})
    if state == ReferralState.AFGESLOTEN and outcome not in dict(cases.RECEIVER_OUTCOMES):
        raise ValidationError({"outcome": _g("Kies een uitkomst als u de vraag afsluit.")})
    handoff = referral.handoff
    referral.state = state
    referral.outcome = outcome if state == ReferralState.AFGESLOTEN else ""
    if note:
        referral.answer = note
    referral.answered_by, referral.answered_at = user, timezone.now()
    referral.save()
    _forget_loaded(handoff)
    if state == ReferralState.TERUGGESTUURD:
        handoff.status = HandoffStatus.IN_BEHANDELING
        handoff.save(update_fields=["status"])
        transaction.on_commit(lambda: _send(referral, _returned_mails, site_url))
    elif state == ReferralState.AFGESLOTEN:
        handoff.status, handoff.outcome = HandoffStatus.AFGEROND, outcome
        handoff.referred_to = referral.to_organisation
        handoff.save(update_fields=["status", "outcome", "referred_to"])
        transaction.on_commit(lambda: _send(referral, _closed_mails, site_url))
    return referral


def _forget_loaded(handoff):
    """Drop referrals prefetched onto `handoff` (the admin's), now out of date."""
    getattr(handoff, "_prefetched_objects_cache", {}).pop("referrals", None)


# --- Mails -------------------------------------------------------------------------------------------------


class _Mail(NamedTuple):
    subject: str
    body: str
    recipients: list
    to_receiver: bool = False  # the receiving organisation's: once sent, notify_handoffs does not retry


def _send(referral, mails, site_url):
    """Send the `_Mail`s `mails(referral, site_url)` yields, over one connection that gives up after
    settings.EMAIL_TIMEOUT; log, never raise. Returns whether the receiving organisation was told (the
    referral is then marked notified)."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        logger.error("Referral %s: mail server unavailable (%s); notify_handoffs retries", referral.pk, error)
        return False
    notified = False
    try:
        with translation.override(settings.LANGUAGE_CODE):
            for mail in mails(referral, site_url):
                if not mail.recipients:
                    logger.warning("Referral %s: nobody to mail for %r", referral.pk, mail.subject)
                    continue
                try:
                    send_mail(mail.subject, mail.body, None, mail.recipients, connection=connection)
                except Exception as error:
                    logger.error("Referral %s: mail %r failed: %r", referral.pk, mail.subject, error)
                    continue
                if mail.to_receiver:
                    Referral.objects.filter(pk=referral.pk).update(notified_at=timezone.now())
                    notified = True
    finally:
        connection.close()
    return notified


def notify_unsent_referrals(*, site_url=""):
    """Mail the receiving organisation of every open referral whose mail did not go out (unless the
    entrepreneur withdrew the question since); returns how many referrals were notified now."""
    unsent = Referral.objects.filter(
        notified_at__isnull=True, state=ReferralState.OPEN, handoff__withdrawn_at__isnull=True
    ).select_related("from_organisation", "to_organisation")
    return sum(
        _send(referral, lambda referral, site_url: [_receiver_mail(referral, site_url)], site_url)
        for referral in unsent.order_by("pk")
    )


def _to_entrepreneur(referral, holder, site_url):
    """Who has the question now and how to reach them; no internal note."""
    handoff = referral.handoff
    site = site_url.rstrip("/")
    context = {
        "handoff": handoff,
        "holder": holder,
        "holder_url": site + reverse("catalog:organisation_detail", args=[holder.slug]),
        "privacy_url": site + reverse("privacy"),
        "days": settings.HANDOFF_RETENTION_DAYS,
    }
    subject = _g("Uw vraag ligt nu bij %(holder)s") % {"holder": holder}
    body = render_to_string("routekaart/email/referral_holder.txt", context)
    return _Mail(subject, body, [handoff.email])


def _referred_mails(referral, site_url):
    yield _receiver_mail(referral, site_url)
    yield _to_entrepreneur(referral, referral.to_organisation, site_url)


def _receiver_mail(referral, site_url):
    """To the receiving organisation's editors: a question was referred to them (no personal data)."""
    receiver = referral.to_organisation
    subject = _g("Doorverwezen vraag voor %(organisation)s via de valorisatieroutekaart") % {
        "organisation": receiver
    }
    body = _g(
        "%(loket)s heeft een vraag van een ondernemer doorverwezen naar %(organisation)s.\n\n"
        "Log in om de vraag te lezen en hem te accepteren, terug te sturen of af te sluiten:\n%(url)s\n\n"
        "De vraag wordt %(days)s dagen na ontvangst automatisch gewist."
    ) % {
        "loket": referral.from_organisation,
        "organisation": receiver,
        "url": cases.case_admin_url(referral.handoff_id, site_url),
        "days": settings.HANDOFF_RETENTION_DAYS,
    }
    return _Mail(subject, body, cases.editor_addresses(receiver), to_receiver=True)


def _returned_mails(referral, site_url):
    loket = referral.from_organisation
    subject = _g("%(organisation)s heeft een vraag teruggestuurd") % {
        "organisation": referral.to_organisation
    }
    body = _g(
        "%(organisation)s heeft een doorverwezen vraag teruggestuurd naar %(loket)s.\n\n"
        "Lees de vraag en het antwoord in het beheer:\n%(url)s"
    ) % {
        "organisation": referral.to_organisation,
        "loket": loket,
        "url": cases.case_admin_url(referral.handoff_id, site_url),
    }
    yield _Mail(subject, body, cases.editor_addresses(loket))
    yield _to_entrepreneur(referral, referral.handoff.loket, site_url)


def _closed_mails(referral, site_url):
    subject = _g("%(organisation)s heeft een doorverwezen vraag afgesloten") % {
        "organisation": referral.to_organisation
    }
    body = _g(
        "%(organisation)s heeft een vraag afgesloten die %(loket)s had doorverwezen.\n\n"
        "Lees de uitkomst in het beheer:\n%(url)s"
    ) % {
        "organisation": referral.to_organisation,
        "loket": referral.from_organisation,
        "url": cases.case_admin_url(referral.handoff_id, site_url),
    }
    yield _Mail(subject, body, cases.editor_addresses(referral.from_organisation))
