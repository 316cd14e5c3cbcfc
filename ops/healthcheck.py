"""Container health check: ``python ops/healthcheck.py [port]`` exits 0 when /health says ok.

Sends the first ALLOWED_HOSTS name as Host (Django refuses unknown hosts) and
X-Forwarded-Proto: https (production redirects plain HTTP otherwise).
"""

import os
import sys
import urllib.request

port = sys.argv[1] if len(sys.argv) > 1 else "8000"
host = (os.environ.get("ALLOWED_HOSTS") or "localhost").split(",")[0].strip().lstrip(".") or "localhost"
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/health", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - fixed local URL
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:  # any failure is unhealthy
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
