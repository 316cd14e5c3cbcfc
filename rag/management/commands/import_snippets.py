import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.exceptions import ValidationError

from rag import jsonl, services


class Command(BaseCommand):
    help = (
        "Import snippets from a JSON Lines file ('-' for stdin). Embeddings are computed by the "
        "Celery worker unless --sync."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--owner", help="username owning the snippets (default: the seed user)")
        parser.add_argument("--shared", action="store_true", help="share every imported snippet")
        parser.add_argument("--sync", action="store_true", help="compute embeddings now, not in Celery")

    def handle(self, *args, file, owner, shared, sync, **options):
        if owner:
            try:
                user = get_user_model().objects.filter_by_username(owner).get()
            except get_user_model().DoesNotExist:
                raise CommandError(f"no user {owner!r}") from None
        else:
            user = services.seed_owner()
        try:
            if file == "-":
                records = jsonl.read_records(sys.stdin)
            else:
                with Path(file).open(encoding="utf-8") as handle:
                    records = jsonl.read_records(handle)
            ids = services.snippets_import(
                owner=user, records=records, shared=True if shared else None, embed="sync" if sync else "async"
            )
        except OSError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(services.validation_message(exc)) from None
        how = "embedded" if sync else "queued for embedding"
        self.stdout.write(f"Imported {len(ids)} snippet(s) for {user.username}; {how}.")
