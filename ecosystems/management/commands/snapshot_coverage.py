from django.core.management.base import BaseCommand

from ecosystems.services import take_snapshot


class Command(BaseCommand):
    help = "Store the matrices of /dekking/ and the demand totals of /dekking/vraag/ now (e.g. monthly)."

    def add_arguments(self, parser):
        parser.add_argument("--note", default="", help="A short note, e.g. why this snapshot was taken.")

    def handle(self, *args, note="", **options):
        snapshot = take_snapshot(note=note[:200])
        self.stdout.write(f"Snapshot {snapshot.pk} taken at {snapshot.created_at:%Y-%m-%d %H:%M}.")
