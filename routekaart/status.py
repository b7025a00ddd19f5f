"""Mijn vraag: the entrepreneur follows their question without an account, through a private link.

On submit (`routekaart.handoff.submit_handoff`) the question gets a long random token; only its SHA-256 is
stored (`HandoffRequest.status_token_hash`), so a copy of the database opens no status page. The confirmation
mail holds the link /mijn-vraag/<token>/. The link works while the question exists and is not withdrawn: the
question is purged after settings.HANDOFF_RETENTION_DAYS, and a withdrawal empties the hash.

Withdrawing erases the personal data at once (name, e-mail, phone, company, question, the additions, the
internal notes, the referrals with their notes, the admin log's description); what remains is for counting
only: loket, region, type, factors, the quickscan answers, the dates, status "afgerond" with outcome
"ondernemer ziet ervan af".
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from common.ratelimit import RateLimit

from . import cases
from .models import HandoffAddition, HandoffOutcome, HandoffRequest, HandoffStatus

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 256 random bits, 43 characters

# Wrong links per visitor per hour before every link answers 429; additions per visitor per hour.
LOOKUPS = RateLimit("routekaart.status", limit=20, window=60 * 60)
ADDITIONS = RateLimit("routekaart.status.add", limit=5, window=60 * 60)

# The status in words for the entrepreneur (never the internal codes). %(holder)s: who has the question.
STATUS_IN_WORDS = {
    HandoffStatus.NIEUW: _(
        "Uw vraag is binnen bij %(holder)s. Een medewerker gaat uw vraag lezen en neemt contact met u op."
    ),
    HandoffStatus.IN_BEHANDELING: _("%(holder)s is met uw vraag bezig."),
    HandoffStatus.DOORVERWEZEN: _(
        "Uw vraag is doorgestuurd naar %(holder)s, die u beter kan helpen. "
        "Een medewerker neemt contact met u op."
    ),
    HandoffStatus.AFGEROND: _("%(holder)s heeft uw vraag afgehandeld."),
}


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def new_token():
    """A fresh token and its hash: the token goes in the mail, the hash in the database."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def status_path(token):
    return reverse("my_question", args=[token])


def expires_at(handoff):
    """When the question (and so the link) is removed: by `manage.py purge_handoffs`."""
    return handoff.created_at + timedelta(days=settings.HANDOFF_RETENTION_DAYS)


def handoff_for_token(token, *, now=None):
    """The question the link opens, or None: wrong, expired (past the retention period, even before the
    purge ran), withdrawn and reused tokens all give None."""
    if not token or len(token) > 200:
        return None
    cutoff = (now or timezone.now()) - timedelta(days=settings.HANDOFF_RETENTION_DAYS)
    return (
        HandoffRequest.objects.select_related("loket")
        .filter(status_token_hash=hash_token(token), withdrawn_at__isnull=True, created_at__gte=cutoff)
        .first()
    )


def status_in_words(handoff):
    holder = cases.current_holder(handoff)
    return STATUS_IN_WORDS[handoff.status] % {"holder": holder}


# --- Services ----------------------------------------------------------------------------------------------


def add_information(handoff, text, *, site_url=""):
    """Store what the entrepreneur adds and tell the loket (after commit, without personal data)."""
    addition = HandoffAddition(handoff=handoff, text=text.strip())
    addition.full_clean()
    addition.save()
    transaction.on_commit(lambda: notify_addition(handoff=handoff, site_url=site_url))
    return addition


def notify_addition(*, handoff, site_url=""):
    """E-mail the loket's active editors that the entrepreneur added information; returns how many were
    mailed. Like routekaart.handoff.notify_loket: only a link into admin, never the text."""
    holder = cases.current_holder(handoff)
    recipients = cases.editor_addresses(holder)
    if not recipients:
        logger.warning("Handoff %s: addition, but %s has no staff with an e-mail address", handoff.pk, holder)
        return 0
    admin_url = cases.case_admin_url(handoff.pk, site_url)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _g("Aanvulling op een vraag aan %(loket)s") % {"loket": holder}
        body = _g(
            "De ondernemer heeft informatie toegevoegd aan een vraag aan %(loket)s.\n\n"
            "Log in om de aanvulling te lezen:\n%(url)s"
        ) % {"loket": holder, "url": admin_url}
    try:
        send_mail(subject, body, None, recipients)
    except Exception as error:  # stored either way: the loket sees it in admin
        logger.error("Handoff %s: mail about an addition failed: %r", handoff.pk, error)
        return 0
    return len(recipients)


@transaction.atomic
def withdraw(handoff, *, now=None):
    """The entrepreneur withdraws: erase the personal data at once and close the question as "ondernemer
    ziet ervan af". The link stops working (the hash is emptied)."""
    handoff.notes.all().delete()
    handoff.additions.all().delete()
    handoff.referrals.all().delete()  # their notes and answers may hold personal data too
    handoff.name = handoff.email = handoff.company = handoff.question = handoff.phone = ""
    handoff.status, handoff.outcome, handoff.referred_to = (
        HandoffStatus.AFGEROND,
        HandoffOutcome.ZIET_AF,
        None,
    )
    handoff.status_token_hash = None
    handoff.withdrawn_at = now or timezone.now()
    handoff.save()
    kind = ContentType.objects.get_for_model(HandoffRequest)
    LogEntry.objects.filter(content_type=kind, object_id=str(handoff.pk)).update(
        object_repr=HandoffRequest.FORGOTTEN
    )
    return handoff
