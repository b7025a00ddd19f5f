"""gunicorn's settings for the container (Dockerfile CMD), from the environment (docs/deploy.md).

gthread workers keep connections from the proxy alive; the timeout ends a request that hangs a worker.
GUNICORN_CMD_ARGS (gunicorn's own) still overrides any of these.
"""

import os

from gunicorn.glogging import Logger

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
# Restart each worker now and then, so a slow leak cannot grow without end.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
# The proxy in front sets X-Forwarded-Proto; trust any address (only the proxy reaches the container).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")


class RedactingLogger(Logger):
    """The access log without the token of a private link (/mijn-vraag/<token>/, routekaart/logfilters.py),
    in the request line, the path and the Referer."""

    def atoms(self, resp, req, environ, request_time):
        from routekaart.logfilters import redact  # the app's folder is on the path once it is loaded

        return {key: redact(value) for key, value in super().atoms(resp, req, environ, request_time).items()}


logger_class = RedactingLogger
