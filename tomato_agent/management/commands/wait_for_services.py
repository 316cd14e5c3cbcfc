import argparse
import os
import time

from django.core.management.base import BaseCommand, CommandError

from tomato_agent.health import service_checks


class Command(BaseCommand):
    help = "Wait until the database, Redis and MongoDB answer (start-up ordering); then optionally exec a command."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=60.0)
        parser.add_argument(
            "--exec",
            nargs=argparse.REMAINDER,
            dest="command",
            default=None,
            help="replace this process with the command once the services answer (same pid: a supervisor "
            "signals the program itself, and inherited sockets stay open)",
        )

    def handle(self, *args, timeout: float, command=None, **options):
        deadline = time.monotonic() + timeout
        while True:
            checks = service_checks()
            if all(state == "ok" for state in checks.values()):
                break
            if time.monotonic() > deadline:
                raise CommandError(f"services not ready after {timeout:.0f}s: {checks}")
            time.sleep(0.5)
        if command:
            os.execvp(command[0], command)
