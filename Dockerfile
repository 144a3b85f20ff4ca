# carewatch's web server and task worker in one image (compose.yaml runs both). The tested path is
# Debian with systemd (docs/deployment.md); this image follows it: Debian 12 (bookworm), Python 3.11,
# gunicorn through `carewatch serve`, the same settings from the environment (docs/configuration.md).
# Not built on the project's test machine (no Docker there): see docs/deployment.md, "Docker".
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CAREWATCH_BIND=0.0.0.0:8000 \
    CAREWATCH_TASKS_BACKEND=database \
    CAREWATCH_CACHE_DIR=/srv/carewatch/var/cache \
    CAREWATCH_BACKUP_DIR=/srv/carewatch/var/backups \
    CAREWATCH_EVIDENCE_DIR=/srv/carewatch/evidence-files

# WeasyPrint's pango (PDF letters and reports); pg_dump/pg_restore for `carewatch backup`, in the
# server's version (PostgreSQL 15, as Debian 12 ships).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /srv/carewatch --shell /usr/sbin/nologin carewatch
WORKDIR /srv/carewatch
COPY --chown=carewatch:carewatch . .
# Installed in place (as the Debian path's checkout), so the project directory is /srv/carewatch:
# static files, caches and evidence live under it, not in site-packages.
RUN pip install --no-cache-dir -e . \
    && SECRET_KEY=collectstatic-only-not-a-secret carewatch collectstatic --noinput -v0 \
    && mkdir -p var/cache var/backups evidence-files \
    && chown -R carewatch:carewatch var evidence-files staticfiles

USER carewatch
EXPOSE 8000
# gunicorn (carewatch/ops/gunicorn_conf.py): CPU cores + 1 workers x 4 threads; static files collected above.
CMD ["carewatch", "serve", "--no-collectstatic"]
