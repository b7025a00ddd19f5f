from django.core.management.base import BaseCommand

from catalog.search_index import rebuild_index


class Command(BaseCommand):
    help = "Bouwt de zoekindex opnieuw op uit alle gepubliceerde gegevens (na een migratie of bulkwijziging)."

    def handle(self, *args, verbosity, **options):
        count = rebuild_index()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Zoekindex opgebouwd ({count} gegevens)."))
