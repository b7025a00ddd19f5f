"""Keep the private links of "Mijn vraag" (routekaart/status.py) out of our own logs.

Used by settings.LOGGING (every record on the console) and by deploy/gunicorn.conf.py (the access log). No
model imports here: logging is configured before the apps load.
"""

import logging
import re

PRIVATE_PREFIX = "mijn-vraag/"  # the status page's URL prefix (routekaart/urls.py)
_PRIVATE_LINK = re.compile(r"(/" + re.escape(PRIVATE_PREFIX) + r")[^/\s?#\"']+")
HIDDEN = "[verborgen]"


def redact(text):
    """`text` with the token of every private link replaced."""
    return _PRIVATE_LINK.sub(r"\1" + HIDDEN, text) if isinstance(text, str) else text


class RedactPrivateLinks(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        if PRIVATE_PREFIX in message:
            record.msg, record.args = redact(message), None
        return True
