"""Delete questions handed to a loket, requests to join a learning community and offers to share knowledge
after the retention period, and failed admin logins after theirs.
Run daily (see docs/handoff.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from routekaart.handoff import purge_handoffs
from routekaart.logins import purge_login_records
from routekaart.submissions import purge_submissions


class Command(BaseCommand):
    help = (
        "Wist vragen aan een loket, aanmeldingen en aanbod om kennis te delen die ouder zijn dan de "
        "bewaartermijn "
        f"(HANDOFF_RETENTION_DAYS, nu {settings.HANDOFF_RETENTION_DAYS} dagen), met hun bedrijfsnaam in het "
        "logboek van het beheer, en mislukte inlogpogingen na LOGIN_RECORD_RETENTION_DAYS "
        f"(nu {settings.LOGIN_RECORD_RETENTION_DAYS} dagen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Bewaartermijn in dagen voor deze keer.")

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days mag niet negatief zijn.")
        deleted = purge_handoffs(days=days)
        submissions = purge_submissions(days=days)
        logins = purge_login_records()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{deleted} vraag/vragen aan een loket gewist.")
            self.stdout.write(f"{submissions} aanmelding(en) en aanbod om kennis te delen gewist.")
            self.stdout.write(f"{logins} mislukte inlogpoging(en) gewist.")
