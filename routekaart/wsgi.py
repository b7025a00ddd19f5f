import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "routekaart.settings.production")

application = get_wsgi_application()

# What the app holds from here on lives as long as the process: leave it out of the garbage collector's
# full collections, which otherwise walk it every few requests (50-70 ms each at 100,000 instruments; the
# gc.freeze of the Python docs for long-running servers).
gc.freeze()
