from django.core.management.base import BaseCommand

from agents.history import conversations_search_backfill


class Command(BaseCommand):
    help = (
        "Give conversations stored before the search kept its text on them that text, built from their "
        "messages (idempotent; make run runs it)."
    )

    def handle(self, *args, **options):
        built = conversations_search_backfill()
        self.stdout.write(f"Conversation search: {built} conversation(s) backfilled.")
