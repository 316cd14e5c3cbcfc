import time

from django.core.management.base import BaseCommand, CommandError

from tomato_agent.health import service_checks


class Command(BaseCommand):
    help = "Wait until the database, Redis and MongoDB answer (start-up ordering)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=60.0)

    def handle(self, *args, timeout: float, **options):
        deadline = time.monotonic() + timeout
        while True:
            checks = service_checks()
            if all(state == "ok" for state in checks.values()):
                return
            if time.monotonic() > deadline:
                raise CommandError(f"services not ready after {timeout:.0f}s: {checks}")
            time.sleep(0.5)
