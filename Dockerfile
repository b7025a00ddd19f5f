# Production image: gunicorn behind a TLS-terminating proxy. Configure with the variables in README.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=routekaart.settings.production

WORKDIR /app
RUN useradd --system --uid 1000 --home /app routekaart

COPY pyproject.toml ./
RUN pip install --no-compile . && pip uninstall -y valorisatieroutekaart

COPY --chown=routekaart:routekaart . .
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput

USER routekaart
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py createcachetable && python manage.py load_portal_data --if-empty && gunicorn routekaart.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
