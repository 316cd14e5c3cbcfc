# One image for web (daphne) and worker (celery --pool gevent); docker-compose.yml
# picks the command. Static files are collected at build time into /srv/static,
# which the nginx service serves from a shared volume.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=tomato_agent.settings.production \
    STATIC_ROOT=/srv/static \
    LOG_FORMAT=json

# libpq comes in psycopg's binary wheel; health checks are Python (ops/healthcheck.py).
# bubblewrap (and libseccomp, util-linux's prlimit/setpriv) for the code sandbox (docs/sandbox.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap libseccomp2 util-linux \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 tomato \
    && useradd --system --uid 10001 --gid tomato --home-dir /app --shell /usr/sbin/nologin tomato

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=tomato:tomato . .

# The sandbox's own interpreter (numpy, pandas, matplotlib), read-only for the code; the worker's
# start command builds matplotlib's font cache in it (manage.py sandbox_prepare needs a sandbox,
# which a build step cannot create).
ENV SANDBOX_PYTHON_ENV=/opt/sandbox-python
RUN python -m venv --without-pip /opt/sandbox-python \
    && pip --python /opt/sandbox-python/bin/python install --no-warn-script-location -r sandbox/requirements.txt \
    && mkdir -p /opt/sandbox-python/share/tomato-mplconfig \
    && chown tomato:tomato /opt/sandbox-python/share/tomato-mplconfig \
    && touch /opt/sandbox-python/.installed

# collectstatic needs settings, not services: a throwaway key and host.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /app/var /srv/prometheus /srv/sandbox-files \
    && chown tomato:tomato /app \
    && chown -R tomato:tomato /app/var /srv/static /srv/prometheus /srv/sandbox-files

USER tomato
EXPOSE 8000
ENTRYPOINT ["/app/ops/docker-entrypoint.sh"]

# The web command; the worker service overrides it.
CMD ["sh", "-c", "python manage.py wait_for_services && exec python -m daphne -v 0 -b 0.0.0.0 -p 8000 --backlog 2048 tomato_agent.asgi:application"]
