from django.core.management.base import BaseCommand

from rag import services
from rag.models import Snippet
from rag.tasks import enqueue_embedding


class Command(BaseCommand):
    help = (
        "Compute missing or stale snippet embeddings (e.g. after changing EMBEDDINGS_BACKEND), "
        "in Celery unless --sync; --force recomputes every one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="recompute even current embeddings")
        parser.add_argument("--sync", action="store_true", help="compute now, not in Celery")

    def handle(self, *args, force, sync, **options):
        ids = list(Snippet.objects.order_by("id").values_list("id", flat=True))
        if sync:
            done = services.snippets_embed(snippet_ids=ids, force=force)
            self.stdout.write(f"Embedded {done} of {len(ids)} snippet(s).")
        else:
            enqueue_embedding(snippet_ids=ids, force=force)
            self.stdout.write(f"Queued {len(ids)} snippet(s); current embeddings are skipped unless --force.")
