"""Erase e-mail addresses in reports past their retention period. Run daily (see docs/reports.md)."""

from django.core.management.base import BaseCommand

from catalog.reports import EMAIL_RETENTION, HANDLED_EMAIL_RETENTION, purge_report_emails


class Command(BaseCommand):
    help = (
        f"Wist het e-mailadres in meldingen ouder dan {EMAIL_RETENTION.days} dagen, "
        f"en in afgehandelde meldingen ouder dan {HANDLED_EMAIL_RETENTION.days} dagen. "
        "De meldingen zelf blijven bestaan."
    )

    def handle(self, *args, **options):
        erased = purge_report_emails()
        if options["verbosity"] >= 1:
            self.stdout.write(f"E-mailadres gewist in {erased} melding(en).")
