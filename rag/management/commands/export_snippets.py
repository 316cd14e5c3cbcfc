import contextlib
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.usernames import username_key
from rag import jsonl
from rag.models import Snippet


class Command(BaseCommand):
    help = "Export snippets as JSON Lines ('-' for stdout): title, description, code, language, tags, shared, owner."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--owner", help="only this user's snippets")

    def handle(self, *args, file, owner, **options):
        snippets = Snippet.objects.select_related("owner").order_by("id")
        if owner:
            snippets = snippets.filter(owner__username_key=username_key(owner))
        lines = jsonl.write_records(jsonl.snippet_record(s) for s in snippets.iterator(chunk_size=500))
        count = 0
        try:
            with contextlib.ExitStack() as stack:
                handle = sys.stdout if file == "-" else stack.enter_context(Path(file).open("w", encoding="utf-8"))
                for line in lines:
                    handle.write(line)
                    count += 1
        except OSError as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write(f"Exported {count} snippet(s).")
