from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from catalog.models import Region, SearchEntry
from catalog.search_index import rebuild_index
from catalog.starting_data import PortalDataError, load_portal_data, read_portal_data


class Command(BaseCommand):
    help = "Laadt de startgegevens uit fixtures/*.yaml (maakt aan of werkt bij op slug)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=str(settings.PORTAL_DATA_DIR))
        parser.add_argument("--check", action="store_true", help="Alleen controleren, niets opslaan.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Alleen laden als er nog geen gegevens zijn, zodat wijzigingen in beheer blijven staan.",
        )

    def handle(self, *args, directory, check, if_empty, verbosity, **options):
        if not check:
            # Saving records invalidates cached coverage (ecosystems.signals): with the database cache of
            # production that table must exist first. A no-op when it does or when the cache is elsewhere.
            call_command("createcachetable", verbosity=0)
        try:
            if check:
                data = read_portal_data(directory)
                counts = {section: len(records) for section, records in data.items()}
            elif if_empty and Region.objects.exists():
                if not SearchEntry.objects.exists():  # a database from before the search index
                    rebuild_index()
                if verbosity:
                    self.stdout.write("Gegevens zijn al geladen; niets gedaan.")
                return
            else:
                counts = load_portal_data(directory)
        except PortalDataError as error:
            raise CommandError(
                f"{len(error.problems)} problem(s) in the portal data:\n" + "\n".join(error.problems)
            ) from error
        if not verbosity:
            return
        summary = ", ".join(f"{section}: {count}" for section, count in counts.items() if count)
        self.stdout.write(self.style.SUCCESS(("Gecontroleerd" if check else "Geladen") + f" ({summary})."))
