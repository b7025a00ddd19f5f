from django.core.management.base import BaseCommand

from catalog.role_setup import setup_roles


class Command(BaseCommand):
    help = "Create the groups Loketredacteur, Regionale curator and Provinciaal beheerder with their permissions."

    def handle(self, *args, **options):
        for name, count in setup_roles().items():
            self.stdout.write(f"{name}: {count} rechten")
