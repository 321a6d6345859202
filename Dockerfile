# Clinical Leadership Pathways: one image for web (gunicorn), worker and beat (celery).
#
#   docker build -t clinical-leadership-pathways .
#   docker compose up --scale worker=3       (see docs/deployment.md)

# --- 1. Design-system assets from the npm registry (package-lock.json) ----------------
FROM node:22-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
# Runtime needs only nhsuk-frontend; axe-core is a test-time dev dependency.
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- 2. Python dependencies from pyproject.toml, in a virtualenv we copy whole -------
FROM python:3.11-slim AS python-deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /build
# pyproject.toml packages nothing (an application), so this installs dependencies only
# and stays cached until they change.
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .

# --- 3. Runtime ------------------------------------------------------------------------
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    WEB_CONCURRENCY=4

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=python-deps /opt/venv /opt/venv
COPY --chown=app:app . .
COPY --from=assets --chown=app:app /build/node_modules/nhsuk-frontend/dist \
    /app/node_modules/nhsuk-frontend/dist

# Static files are collected at build time with a throwaway key and database URL that
# exist only for this step; the running container must be given its own.
RUN SECRET_KEY=build-only-collectstatic-key-never-used-at-runtime-0123456789 \
    DATABASE_URL=sqlite:////tmp/build-only.sqlite3 \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput --verbosity 0 \
    && rm -f /tmp/build-only.sqlite3 \
    && mkdir -p /app/media /var/lib/celery \
    && chown -R app:app /app/staticfiles /app/media /var/lib/celery

USER app
EXPOSE 8000

# Shell form via sh -c so WEB_CONCURRENCY is read when the container starts.
CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-4} --access-logfile -"]
