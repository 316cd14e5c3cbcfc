"""The SDK is tested as its users import it: ``tomato_client`` and ``tomato_sdk`` from sdk/python."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for path in (HERE.parent, HERE):  # the packages, and the test helpers (dropping_proxy)
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


import pytest  # noqa: E402


@pytest.fixture
def proxy(live_server_url):
    """A proxy in front of the live server that cuts one connection per ``X-Test-Drop`` token."""
    from dropping_proxy import DroppingProxy

    running = DroppingProxy(live_server_url).start()
    yield running
    running.stop()
