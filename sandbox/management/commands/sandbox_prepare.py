"""Finish the sandbox's Python environment: build matplotlib's font cache inside a sandbox.

Run by ``make sandbox-env`` after the packages are installed. Without the cache
every plot would rebuild it (about a second). It is built in the sandbox
because it records font paths as the sandbox sees them. Where no sandbox can
run, it says why and leaves the environment as it is.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from sandbox.environment import MPL_CACHE_DIR
from sandbox.service import sandbox_availability, sandbox_execute
from sandbox.types import Execution

BUILD_CACHE = """
import os
os.environ["MPLCONFIGDIR"] = "/work/mplcache"
import matplotlib.font_manager
"""


class Command(BaseCommand):
    help = "Build matplotlib's font cache for the sandbox's Python environment."

    def handle(self, *args, **options):
        availability = sandbox_availability()
        if not availability.available:
            self.stdout.write(f"sandbox not available, font cache not built: {availability.reason}")
            return
        result = sandbox_execute(Execution(code=BUILD_CACHE))
        fonts = [item for item in result.files if Path(item.name).name.startswith("fontlist")]
        if not result.ok or not fonts:
            self.stderr.write(f"could not build the font cache: {result.message or result.stderr[-500:]}")
            return
        target = Path(settings.SANDBOX_PYTHON_ENV) / MPL_CACHE_DIR
        target.mkdir(parents=True, exist_ok=True)
        for item in fonts:
            (target / Path(item.name).name).write_bytes(item.data)
        self.stdout.write(f"matplotlib font cache written to {target}")
