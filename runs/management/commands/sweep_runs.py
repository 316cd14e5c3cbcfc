from django.core.management.base import BaseCommand

from runs.sweeper import sweep_once


class Command(BaseCommand):
    help = "End the runs whose worker stopped beating (what every web process's sweeper does each interval)."

    def handle(self, *args, **options):
        ended = sweep_once(exclusive=False)
        self.stdout.write(f"{ended} lost run(s) ended.")
