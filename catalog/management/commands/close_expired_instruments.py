"""Close instruments whose stored status is open but whose closing date has passed. Run daily."""

from django.core.management.base import BaseCommand

from catalog.freshness import close_expired_instruments


class Command(BaseCommand):
    help = (
        "Zet instrumenten met status 'open' waarvan de sluitingsdatum voorbij is op 'gesloten', "
        "zodat het statusfilter klopt. Draai dagelijks (zie docs/curation-tools.md)."
    )

    def handle(self, *args, **options):
        closed = close_expired_instruments()
        if options["verbosity"] >= 1:
            for instrument in closed:
                self.stdout.write(f"Gesloten: {instrument.slug} (sloot op {instrument.closes_on:%d-%m-%Y})")
            self.stdout.write(f"{len(closed)} instrument(en) gesloten.")
