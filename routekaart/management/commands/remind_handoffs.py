"""Remind loket editors of questions without first contact in time (routekaart/reminders.py). Run daily."""

from django.conf import settings
from django.core.management.base import BaseCommand

from routekaart.reminders import remind_overdue


class Command(BaseCommand):
    help = "Mailt een herinnering over vragen zonder eerste contact binnen de reactietermijn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="Het adres van de site voor de link in de e-mail (standaard SITE_URL).",
        )

    def handle(self, *args, site_url, **options):
        first, second = remind_overdue(site_url=site_url)
        if options["verbosity"] >= 1:
            self.stdout.write(f"{first} herinnering(en) verstuurd, {second} aan het hele loket.")
