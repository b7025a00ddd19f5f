"""Ik wil meedoen: a request to join a learning community, sent to the community's contact organisation.

The same privacy rules as the question to a loket (routekaart.handoff): the request is personal data; only
the editors of the contact organisation and the curators of the community's regions see it in admin
(routekaart/admin.py); the e-mail to the organisation carries no personal data but a link into admin; the
confirmation repeats only what the visitor typed; `purge_join_requests` deletes it after
settings.HANDOFF_RETENTION_DAYS; the rate limit keeps a keyed hash, never the address.
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

from catalog.models import LearningCommunity, OrganisationEditor
from common.ratelimit import RateLimit

from .models import JoinRequest

logger = logging.getLogger(__name__)

RATE = RateLimit("routekaart.join", limit=5, window=60 * 60)


def joinable(slug):
    """The published community with `slug`, with its contact organisation, or None."""
    return LearningCommunity.objects.published().select_related("contact").filter(slug=slug).first()


def submit_join_request(*, community, name, email, organisation_name, message, consent, site_url=""):
    """Store the request and, after commit, tell the contact organisation and confirm to the visitor."""
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
    language = translation.get_language()

    def send():
        with translation.override(language):
            send_join_mails(join=join, site_url=site_url)

    transaction.on_commit(send)
    return join


def send_join_mails(*, join, site_url=""):
    """Over one connection with a timeout (settings.EMAIL_TIMEOUT); never raises: the request is stored."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        logger.error("Join request %s: mail server unavailable (%s)", join.pk, error)
        return
    try:
        notify_contact(join=join, site_url=site_url, connection=connection)
        confirm_to_visitor(join=join, site_url=site_url, connection=connection)
    finally:
        connection.close()


def notify_contact(*, join, site_url="", connection=None):
    """E-mail the active editors of the contact organisation that a request came in; how many were mailed."""
    contact = join.community.contact
    recipients = sorted(
        set(
            OrganisationEditor.objects.filter(organisation=contact, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        logger.warning("Join request %s: %s has no editors with an e-mail address", join.pk, contact)
        return 0
    admin_url = site_url.rstrip("/") + reverse("admin:routekaart_joinrequest_change", args=[join.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _g("Iemand wil meedoen met %(community)s") % {"community": join.community}
        body = _g(
            "Via de valorisatieroutekaart wil iemand meedoen met de leergemeenschap %(community)s.\n\n"
            "Log in om de aanmelding te lezen en contact op te nemen:\n%(url)s\n\n"
            "De aanmelding wordt %(days)s dagen na ontvangst automatisch gewist."
        ) % {"community": join.community, "url": admin_url, "days": settings.HANDOFF_RETENTION_DAYS}
    try:
        send_mail(subject, body, None, recipients, connection=connection)
    except Exception as error:  # stored: the editors still find it in admin
        logger.error("Join request %s: notification mail failed: %r", join.pk, error)
        return 0
    JoinRequest.objects.filter(pk=join.pk).update(notified_at=timezone.now())
    return len(recipients)


def confirm_to_visitor(*, join, site_url="", connection=None):
    """E-mail the visitor what was sent to whom and how long it is kept; whether it was sent."""
    site = site_url.rstrip("/")
    context = {
        "join": join,
        "community": join.community,
        "contact": join.community.contact,
        "contact_url": site + reverse("catalog:organisation_detail", args=[join.community.contact.slug]),
        "privacy_url": site + reverse("privacy"),
        "days": settings.HANDOFF_RETENTION_DAYS,
    }
    subject = gettext("Uw aanmelding voor %(community)s is verstuurd") % {"community": join.community}
    body = render_to_string("routekaart/email/join_confirmation.txt", context)
    try:
        send_mail(subject, body, None, [join.email], connection=connection)
    except Exception as error:
        logger.error("Join request %s: confirmation mail failed: %r", join.pk, error)
        return False
    return True


def purge_join_requests(*, days=None, now=None):
    """Delete requests older than `days` (default settings.HANDOFF_RETENTION_DAYS); returns how many."""
    days = settings.HANDOFF_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _per_model = JoinRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
