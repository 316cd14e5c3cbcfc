from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Wait for services, ensure MongoDB indexes, backfill the conversation search and seed data; "
        "idempotent (used by make run)."
    )

    def handle(self, *args, **options):
        call_command("wait_for_services")
        call_command("ensure_mongo_indexes")
        call_command("backfill_conversation_search")
        from django.core.management import get_commands

        if "load_seed_snippets" in get_commands():
            call_command("load_seed_snippets", if_empty=True)
