from django.core.management.base import BaseCommand

from agents.indexes import ensure_indexes


class Command(BaseCommand):
    help = "Create the MongoDB indexes chat history needs (idempotent)."

    def handle(self, *args, **options):
        ensure_indexes()
        self.stdout.write("MongoDB indexes are in place.")
