from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutekaartConfig(AppConfig):
    name = "routekaart"
    verbose_name = _("Routekaart")

    def ready(self):
        from . import demand

        demand.connect()
