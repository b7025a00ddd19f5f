"""Send the loket's notification of stored questions, and the receiving organisation's of open referrals,
whose mail did not go out (a mail server that was down). Run every few minutes or hourly beside
purge_handoffs (see docs/handoff.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from routekaart.handoff import notify_unsent
from routekaart.referrals import notify_unsent_referrals


class Command(BaseCommand):
    help = (
        "Mailt het loket alsnog over vragen, en de ontvangende organisatie over doorverwijzingen, waarvan de "
        "melding nog niet is verstuurd."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="Het adres van de site voor de link in de e-mail (standaard SITE_URL).",
        )

    def handle(self, *args, site_url, **options):
        notified = notify_unsent(site_url=site_url)
        referred = notify_unsent_referrals(site_url=site_url)
        if options["verbosity"] >= 1:
            self.stdout.write(f"{notified} vraag/vragen alsnog aan het loket gemeld.")
            self.stdout.write(f"{referred} doorverwijzing(en) alsnog aan de organisatie gemeld.")
