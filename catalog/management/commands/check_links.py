"""Request the web addresses of published records and record the broken ones (docs/curation-tools.md)."""

from django.core.management.base import BaseCommand, CommandError

from catalog.curation.linkcheck import DEFAULT_TIMEOUT, check_links


class Command(BaseCommand):
    help = (
        "Controleert de websites en bron-URL's van gepubliceerde gegevens en bewaart per gegeven en adres "
        "het laatste resultaat (zichtbaar in het beheer als 'Link werkt niet')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only-stale",
            action="store_true",
            help="Alleen gegevens die verouderd zijn (niet recent nagekeken).",
        )
        parser.add_argument(
            "--limit",
            type=int,
            help="Hoogstens zoveel gegevens; die het langst niet gecontroleerd zijn eerst.",
        )
        parser.add_argument(
            "--timeout", type=float, default=DEFAULT_TIMEOUT, help="Seconden per verzoek (standaard 10)."
        )

    def handle(self, *args, only_stale, limit, timeout, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit moet 1 of meer zijn.")
        if timeout <= 0:
            raise CommandError("--timeout moet groter dan 0 zijn.")
        rows = check_links(only_stale=only_stale, limit=limit, timeout=timeout)
        broken = [row for row in rows if not row.ok]
        if options["verbosity"] >= 1:
            for row in broken:
                self.stdout.write(f"Werkt niet: {row.url} ({row.status_code or row.error})")
            records = {(row.content_type_id, row.object_id) for row in rows}
            self.stdout.write(
                f"{len(rows)} adres(sen) van {len(records)} gegeven(s) gecontroleerd, "
                f"{len(broken)} werkt niet."
            )
