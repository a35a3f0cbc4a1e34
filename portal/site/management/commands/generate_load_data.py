import argparse
import time

from django.core.management.base import BaseCommand, CommandError

from portal.site.loaddata import LoadDataExists, generate


class Command(BaseCommand):
    help = (
        "Write synthetic published practices (2–4 languages each) with the peer reviews that published them, "
        "campaigns, calls for proposals with proposals at every step, board reviews and grants, and their "
        "search entries, in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--practices", type=int, default=100_000)
        parser.add_argument("--campaigns", type=int, default=0)
        parser.add_argument(
            "--proposals",
            type=int,
            default=0,
            help="Grant proposals, spread over calls of about 250 (at least 3: one open, one with the board, the "
            "others decided): drafts, submitted, screened, under evaluation with board reviews, awarded within "
            "the call's budget (grants with tranches and reports) and declined.",
        )
        parser.add_argument(
            "--reviews",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="Give every practice the submitted version, review case, 2–3 submitted reviews by synthetic "
            "roster reviewers and the editor's decision its publication leaves (default). --no-reviews writes "
            "the practices alone; proposals always carry the board reviews their state implies.",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--clear", action="store_true", help="Replace the synthetic data of an earlier run.")

    def handle(self, *args, practices, campaigns, proposals, reviews, seed, clear, **options):
        started = time.monotonic()
        try:
            counts = generate(
                practices=practices,
                campaigns=campaigns,
                proposals=proposals,
                reviews=reviews,
                seed=seed,
                clear=clear,
                log=self.stdout.write,
            )
        except (LoadDataExists, RuntimeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                "%s practices, %s reviews, %s campaigns, %s calls, %s proposals, %s grants, %s organisations, "
                "%s search entries in %.0f s."
                % (
                    counts.practices,
                    counts.reviews,
                    counts.campaigns,
                    counts.grant_calls,
                    counts.proposals,
                    counts.grants,
                    counts.organisations,
                    counts.search_entries,
                    time.monotonic() - started,
                )
            )
        )
