from pathlib import Path

from django.core.management.base import BaseCommand

from rag import jsonl, services
from rag.models import Snippet

SEED_FILE = Path(__file__).resolve().parents[2] / "seed" / "snippets.jsonl"


class Command(BaseCommand):
    help = (
        "Load rag/seed/snippets.jsonl as shared snippets of the seed user, embedding them now. "
        "Idempotent (matched by title)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any snippet exists")
        parser.add_argument("--file", default=str(SEED_FILE), help="another seed file (JSON Lines)")

    def handle(self, *args, if_empty, file, **options):
        if if_empty and Snippet.objects.exists():
            self.stdout.write("Snippets exist; seed not loaded.")
            return
        with Path(file).open(encoding="utf-8") as handle:
            records = jsonl.read_records(handle)
        created, updated = services.snippets_sync(owner=services.seed_owner(), records=records, shared=True)
        self.stdout.write(f"Seed snippets: {created} created, {updated} updated.")
