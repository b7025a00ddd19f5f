import time

from django.core.management.base import BaseCommand, CommandError

from catalog.synthetic import AlreadyGenerated, generate, kennisbank_sizes, proportional


class Command(BaseCommand):
    help = (
        "Maakt een synthetische catalogus bovenop de startgegevens, voor de benchmark (bench/run): "
        "instrumenten, organisaties, praktijkvoorbeelden en deelnames in de verhouding van de startgegevens, "
        "kennisaanbod en leergemeenschappen in verhouding tot de organisaties."
    )

    def add_arguments(self, parser):
        parser.add_argument("--instruments", type=int, default=3700)
        parser.add_argument("--organisations", type=int, help="Default: in proportion to the instruments.")
        parser.add_argument("--examples", type=int, help="Default: in proportion to the instruments.")
        parser.add_argument("--memberships", type=int, help="Default: in proportion to the instruments.")
        parser.add_argument(
            "--offers", type=int, help="Default: one per two organisations that offer knowledge."
        )
        parser.add_argument("--communities", type=int, help="Default: one per 50 organisations.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--real-share",
            type=float,
            default=0.5,
            help="Share of providers, members and performers that are real ones (catalog/synthetic.py).",
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(
        self,
        *args,
        instruments,
        organisations,
        examples,
        memberships,
        offers,
        communities,
        verbosity,
        **options,
    ):
        sizes = proportional(instruments)
        for name, given in (
            ("organisations", organisations),
            ("examples", examples),
            ("memberships", memberships),
        ):
            if given is not None:
                sizes[name] = given
        sizes.update(kennisbank_sizes(sizes["organisations"]))  # in proportion to the organisations
        for name, given in (("offers", offers), ("communities", communities)):
            if given is not None:
                sizes[name] = given
        start = time.monotonic()
        try:
            counts = generate(
                instruments=instruments,
                seed=options["seed"],
                real_share=options["real_share"],
                batch_size=options["batch_size"],
                **sizes,
            )
        except AlreadyGenerated as error:
            raise CommandError(str(error)) from error
        if verbosity:
            summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
            self.stdout.write(
                self.style.SUCCESS(f"Synthetic catalogue ({summary}) in {time.monotonic() - start:.0f} s.")
            )
