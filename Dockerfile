# Production image: gunicorn behind a TLS-terminating proxy. Environment and operation: docs/deploy.md.
# Build stage: the dependencies from pyproject.toml in a virtualenv, and the static files collected (whitenoise's
# compressed manifest storage). Runtime stage: that virtualenv, the collected files and the code that runs, as a
# non-root user. Migrations are not run here: compose.yaml's "migrate" service (or a release job) runs them once.

FROM python:3.11-slim-bookworm AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# Dependencies first, so a code change does not reinstall them. pyproject.toml lists no packages of its own:
# installing "." installs the pinned dependencies; the empty distribution is removed again.
COPY pyproject.toml ./
RUN pip install --no-cache-dir . && pip uninstall --yes valorisatieroutekaart

COPY . .
RUN DJANGO_SETTINGS_MODULE=routekaart.settings.production SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput --verbosity 0


FROM python:3.11-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=routekaart.settings.production \
    STATIC_ROOT=/app/staticfiles

RUN groupadd --system --gid 1000 routekaart \
    && useradd --system --uid 1000 --gid routekaart --no-create-home --home-dir /app routekaart

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app/staticfiles ./staticfiles
# Only what runs: the apps, templates, translations, the starting data (load_portal_data) and the server's
# configuration. static/ is the source of the collected files (STATICFILES_DIRS; checked by manage.py).
COPY manage.py ./
COPY routekaart ./routekaart
COPY catalog ./catalog
COPY ecosystems ./ecosystems
COPY common ./common
COPY templates ./templates
COPY locale ./locale
COPY fixtures ./fixtures
COPY static ./static
COPY deploy ./deploy

# The code belongs to root and is read-only for the server; it writes nothing but temporary files (/tmp).
USER 1000:1000
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python", "deploy/healthcheck.py"]

CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "routekaart.wsgi"]
