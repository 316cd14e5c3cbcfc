"""Delete the files run_python produced that are older than SANDBOX_FILES_DAYS (run it daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sandbox.files import files_purge


class Command(BaseCommand):
    help = "Delete sandbox-produced files older than SANDBOX_FILES_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="override SANDBOX_FILES_DAYS")

    def handle(self, *args, days=None, **options):
        removed = files_purge(older_than_days=days)
        self.stdout.write(f"{removed} sandbox file(s) removed")
