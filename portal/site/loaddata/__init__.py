"""Synthetic content at scale, for the benchmark (`manage.py generate_load_data`).

Everything is written with COPY: organisations and their members, the review roster and the grant board,
practices in 2–4 languages with their taxonomy links and (by default) the review rows their publication
left, campaigns, calls for proposals with proposals at every step, board reviews, grants with tranches and
reports, and the search entries, whose vectors PostgreSQL computes in one INSERT … SELECT. Synthetic rows are
recognisable by their organisations ("[load] …") and accounts (…load.invalid), which is how a second run
finds and clears them (see clear.py). People, practices, reviews and grants draw from separate random streams,
so the practices' texts and links of a seed are the same whatever else is asked for. Neither audit events nor notifications are written:
the synthetic history happened to no one, and nobody is told about it.
"""

import math
import random
from dataclasses import dataclass

from django.db import connection, transaction

from portal.search.services import bump_index_version
from portal.site.loaddata.campaigns import write_campaigns
from portal.site.loaddata.clear import clear_load_data, synthetic_exists
from portal.site.loaddata.context import Context
from portal.site.loaddata.copying import Batch, insert_entries
from portal.site.loaddata.grants import GrantWriter, calls_for
from portal.site.loaddata.people import VERIFIED_OUT_OF, role_groups, write_organisations, write_roster, write_staff
from portal.site.loaddata.practices import write_practices
from portal.site.loaddata.reviews import Reviewing
from portal.site.loaddata.text import Text

__all__ = ["Counts", "LoadDataExists", "clear_load_data", "generate", "synthetic_exists"]

PRACTICES_PER_ORGANISATION = 40
PRACTICES_PER_REVIEWER = 100
PROPOSALS_PER_BOARD_MEMBER = 400


class LoadDataExists(Exception):
    pass


@dataclass
class Counts:
    organisations: int = 0
    practices: int = 0
    campaigns: int = 0
    reviews: int = 0
    grant_calls: int = 0
    proposals: int = 0
    grants: int = 0
    search_entries: int = 0


def _organisations(practices: int, proposals: int) -> int:
    """Enough for the practices, and enough verified ones for one proposal each in the largest call."""
    largest_call = math.ceil(proposals / calls_for(proposals)) if proposals else 0
    verified, out_of = VERIFIED_OUT_OF
    return max(practices // PRACTICES_PER_ORGANISATION, 5, math.ceil(largest_call * out_of / verified) + out_of)


def generate(
    *,
    practices: int,
    campaigns: int = 0,
    proposals: int = 0,
    reviews: bool = True,
    seed: int = 1,
    clear: bool = False,
    log=print,
) -> Counts:
    if connection.vendor != "postgresql":
        raise RuntimeError("generate_load_data writes with COPY: it needs PostgreSQL.")
    if synthetic_exists():
        if not clear:
            raise LoadDataExists("Synthetic data is already loaded; run with --clear to replace it.")
        log("Clearing the previous synthetic data…")
        clear_load_data()
    context = Context.load()
    streams = ("practices", "people", "reviews", "grants")
    rng, people_rng, review_rng, grant_rng = (random.Random("%s:%s" % (seed, stream)) for stream in streams)
    counts = Counts(practices=practices, campaigns=campaigns)
    with transaction.atomic(), connection.cursor() as cursor:
        batch = Batch(cursor)
        counts.organisations = _organisations(practices, proposals)
        people = write_organisations(batch, people_rng, counts.organisations, context.country_ids, context.now)
        groups = role_groups()
        write_staff(batch, people, groups)
        write_roster(
            batch,
            review_rng,
            Text(review_rng),
            people,
            reviewers=max(24, practices // PRACTICES_PER_REVIEWER) if reviews else 0,
            board=max(6, proposals // PROPOSALS_PER_BOARD_MEMBER) if proposals else 0,
            taxonomy=context.taxonomy,
            region_ids=context.region_ids,
            groups=groups,
            now=context.now,
        )
        batch.flush()
        log("%s organisations." % counts.organisations)
        practice_reviews = Reviewing(batch, review_rng, Text(review_rng), context.now) if reviews else None
        text = Text(rng)
        write_practices(batch, rng, text, context, people, practices, reviewing=practice_reviews, log=log)
        if campaigns:
            write_campaigns(batch, rng, text, context, people, campaigns)
        board_reviews = Reviewing(batch, grant_rng, Text(grant_rng), context.now)
        if proposals:
            written = GrantWriter(batch, grant_rng, Text(grant_rng), context, people, board_reviews).write(
                proposals, log
            )
            counts.grant_calls, counts.proposals, counts.grants = written.calls, written.proposals, written.grants
        counts.reviews = board_reviews.submitted + (practice_reviews.submitted if practice_reviews else 0)
        log("Computing the search vectors…")
        counts.search_entries = insert_entries(cursor)
    with connection.cursor() as cursor:
        # Every table written above (link tables included: without statistics the planner reads a prefetch of
        # 50 practices' countries by walking all 250 countries, 200 ms instead of 1 ms). VACUUM also empties
        # the text index's pending list, which every search scanned (5 ms per word), and sets the visibility
        # map, without which the API's page 1,601 reads its ids in ~200 ms (a sequential scan and a sort)
        # instead of 5–15 ms. VACUUM cannot run in a transaction (a test's), where ANALYZE alone does.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    bump_index_version()
    return counts
