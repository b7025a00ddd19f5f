from django.core.management.base import BaseCommand

from routekaart.role_setup import setup_roles


class Command(BaseCommand):
    help = (
        "Create the role groups (Loketredacteur, Regionale curator, Provinciaal beheerder) and their rights."
    )

    def handle(self, *args, **options):
        for name, count in setup_roles().items():
            self.stdout.write(f"{name}: {count} rechten")
