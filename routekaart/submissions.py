"""What a visitor sends besides a question to a loket: a request to join a learning community ("Ik wil
meedoen") and an offer to share knowledge ("Deel uw kennis").

The same privacy rules as the question to a loket (routekaart.handoff): each is personal data; only the
editors of the organisation it goes to and the curators of its region see it in admin (routekaart/admin.py);
the e-mail to the organisation carries no personal data but a link into admin; the confirmation repeats only
what the visitor typed; `purge_submissions` deletes them after settings.HANDOFF_RETENTION_DAYS; the rate
limits keep a keyed hash, never the address.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _g

from catalog.models import LearningCommunity, OrganisationEditor, PublicationStatus
from common.ratelimit import RateLimit

from .models import JoinRequest, KnowledgeShare

logger = logging.getLogger(__name__)

JOIN_RATE = RateLimit("routekaart.join", limit=5, window=60 * 60)
SHARE_RATE = RateLimit("routekaart.share", limit=5, window=60 * 60)


# --- Ik wil meedoen -----------------------------------------------------------------------------------------


def joinable(slug):
    """The published community with `slug`, with its contact organisation, or None."""
    return LearningCommunity.objects.published().select_related("contact").filter(slug=slug).first()


def submit_join_request(*, community, name, email, organisation_name, message, consent, site_url=""):
    """Store the request; after commit, tell the contact organisation and confirm to the visitor."""
    join = JoinRequest(
        community=community,
        name=name.strip(),
        email=email.strip(),
        organisation_name=organisation_name.strip(),
        message=message.strip(),
        consent=consent,
    )
    join.full_clean()
    join.save()
    _send_after_commit(join, lambda connection: _join_mails(join, site_url, connection))
    return join


def _join_mails(join, site_url, connection):
    community, contact = join.community, join.community.contact
    with translation.override(settings.LANGUAGE_CODE):
        subject = _g("Iemand wil meedoen met %(community)s") % {"community": community}
        body = _g(
            "Via de valorisatieroutekaart wil iemand meedoen met de leergemeenschap %(community)s.\n\n"
            "Log in om de aanmelding te lezen en contact op te nemen:\n%(url)s\n\n"
            "De aanmelding wordt %(days)s dagen na ontvangst automatisch gewist."
        )
    values = {"community": community}
    notify_editors(join, contact, subject, body, values, site_url=site_url, connection=connection)
    _confirm(
        join,
        gettext("Uw aanmelding voor %(community)s is verstuurd") % {"community": community},
        "routekaart/email/join_confirmation.txt",
        {"community": community, "contact": contact, "contact_url": _page_of(contact, site_url)},
        site_url=site_url,
        connection=connection,
    )


# --- Deel uw kennis -----------------------------------------------------------------------------------------


def submit_knowledge_share(
    *, loket, region, name, email, organisation_name, form, offer, ambassador, consent, site_url=""
):
    """Store the offer for `loket`; after commit, tell the loket's editors and confirm to the visitor."""
    share = KnowledgeShare(
        loket=loket,
        region=region,
        name=name.strip(),
        email=email.strip(),
        organisation_name=organisation_name.strip(),
        form=form or "",
        offer=offer.strip(),
        ambassador=ambassador,
        consent=consent,
    )
    share.full_clean()
    share.save()
    _send_after_commit(share, lambda connection: _share_mails(share, site_url, connection))
    return share


def _share_mails(share, site_url, connection):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _g("Een bedrijf wil kennis delen via %(loket)s") % {"loket": share.loket}
        body = _g(
            "Via de valorisatieroutekaart wil een bedrijf zijn kennis delen met andere ondernemers.\n\n"
            "Log in om het aanbod te lezen en contact op te nemen:\n%(url)s\n\n"
            "Het aanbod wordt %(days)s dagen na ontvangst automatisch gewist."
        )
    notify_editors(share, share.loket, subject, body, {}, site_url=site_url, connection=connection)
    _confirm(
        share,
        gettext("Uw aanbod is verstuurd naar %(loket)s") % {"loket": share.loket},
        "routekaart/email/share_confirmation.txt",
        {"loket": share.loket, "loket_url": _page_of(share.loket, site_url)},
        site_url=site_url,
        connection=connection,
    )


# --- Shared: mail after commit, the organisation's editors, purging -----------------------------------------


def _send_after_commit(record, send):
    """After the record is stored, over one connection (settings.EMAIL_TIMEOUT) in the visitor's language.
    Never raises: the record is stored, and the organisation's editors find it in admin."""
    language = translation.get_language()

    def run():
        connection = get_connection()
        try:
            connection.open()
        except Exception as error:
            logger.error("%s %s: mail server unavailable (%s)", type(record).__name__, record.pk, error)
            return
        try:
            with translation.override(language):
                send(connection)
        finally:
            connection.close()

    transaction.on_commit(run)


def notify_editors(record, organisation, subject, body, values, *, site_url="", connection=None):
    """E-mail the active editors of `organisation` that `record` came in (`body` % `values`, with the admin
    link as "url" and the retention period as "days"); marks the record notified. Returns how many addresses
    were mailed."""
    recipients = sorted(
        set(
            OrganisationEditor.objects.filter(organisation=organisation, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    label = f"{type(record).__name__} {record.pk}"
    if not recipients:
        logger.warning("%s: %s has no editors with an e-mail address", label, organisation)
        return 0
    meta = record._meta
    url = site_url.rstrip("/") + reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    body = body % {**values, "url": url, "days": settings.HANDOFF_RETENTION_DAYS}
    try:
        send_mail(subject, body, None, recipients, connection=connection)
    except Exception as error:
        logger.error("%s: notification mail failed: %r", label, error)
        return 0
    type(record).objects.filter(pk=record.pk).update(notified_at=timezone.now())
    return len(recipients)


def _confirm(record, subject, template, context, *, site_url="", connection=None):
    """E-mail the visitor what was sent to whom and how long it is kept; whether it was sent."""
    context = {
        **context,
        "record": record,
        "privacy_url": site_url.rstrip("/") + reverse("privacy"),
        "days": settings.HANDOFF_RETENTION_DAYS,
    }
    try:
        send_mail(subject, render_to_string(template, context), None, [record.email], connection=connection)
    except Exception as error:
        logger.error("%s %s: confirmation mail failed: %r", type(record).__name__, record.pk, error)
        return False
    return True


def _page_of(organisation, site_url):
    """The organisation's public page, or the contact page while it is not published."""
    if organisation.publication_status != PublicationStatus.PUBLISHED:
        return site_url.rstrip("/") + reverse("contact")
    return site_url.rstrip("/") + reverse("catalog:organisation_detail", args=[organisation.slug])


def purge_submissions(*, days=None, now=None):
    """Delete join requests and knowledge shares older than `days` (default settings.HANDOFF_RETENTION_DAYS);
    returns how many."""
    days = settings.HANDOFF_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return sum(
        model.objects.filter(created_at__lt=cutoff).delete()[0] for model in (JoinRequest, KnowledgeShare)
    )
