import time

from django.core.management.base import BaseCommand, CommandError

from portal.site.loaddata import LoadDataExists, generate


class Command(BaseCommand):
    help = "Write synthetic published practices (2–4 languages each), campaigns and their search entries, in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--practices", type=int, default=100_000)
        parser.add_argument("--campaigns", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--clear", action="store_true", help="Replace the synthetic data of an earlier run.")

    def handle(self, *args, practices, campaigns, seed, clear, **options):
        started = time.monotonic()
        try:
            counts = generate(practices=practices, campaigns=campaigns, seed=seed, clear=clear, log=self.stdout.write)
        except (LoadDataExists, RuntimeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                "%s practices, %s campaigns, %s organisations, %s search entries in %.0f s."
                % (
                    counts.practices,
                    counts.campaigns,
                    counts.organisations,
                    counts.search_entries,
                    time.monotonic() - started,
                )
            )
        )
