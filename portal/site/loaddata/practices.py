"""Published practices in 2–4 languages with their taxonomy links and search entries, and (unless
--no-reviews) what their way to publication left behind: the submitted version, the review case with 2–3
submitted reviews by roster reviewers (sometimes after one who declined) and the editor's decision."""

import random
from datetime import timedelta

from portal.site.loaddata.context import Context
from portal.site.loaddata.copying import Batch, entry, stage_entries
from portal.site.loaddata.people import People
from portal.site.loaddata.reviews import TITLE, Reviewing, RubricScale
from portal.site.loaddata.text import Text, languages, pick
from practices.models import TRANSLATED_FIELDS, Practice, PracticeVersion, field_in
from practices.services import OWNER, PLAIN_FIELDS, RELATIONS

BATCH = 5000
LINKS = ("countries", "themes", "exploitation_forms", "target_groups", "sectors")


def write_practices(
    batch: Batch,
    rng: random.Random,
    text: Text,
    context: Context,
    people: People,
    count: int,
    *,
    reviewing: Reviewing | None,
    log,
) -> int:
    """Returns the number of search entries staged."""
    scopes = [choice for choice, _label in Practice.Scope.choices]
    rubric = RubricScale.default("practice") if reviewing else None
    entries, staged = [], 0
    for index in range(count):
        pk = batch.new_id(Practice)
        organization = people.organisations[index % len(people.organisations)]
        submitter = people.members[organization]
        practice_languages = languages(rng)
        original = practice_languages[0]
        scope = rng.choice(scopes)
        published = context.now - timedelta(seconds=rng.randint(0, 8 * 365 * 86400))
        submitted = published - timedelta(days=rng.randint(35, 120), seconds=rng.randint(0, 86400))
        chosen = {
            "countries": pick(rng, context.country_ids, 1, 1 if scope in ("national", "local") else 4),
            "themes": pick(rng, context.taxonomy["themes"], 1, 3),
            "exploitation_forms": pick(rng, context.taxonomy["exploitation_forms"], 0, 2),
            "target_groups": pick(rng, context.taxonomy["target_groups"], 1, 3),
            "sectors": pick(rng, context.taxonomy["sectors"], 1, 2),
        }
        for name in LINKS:
            batch.link(Practice, name, pk, chosen[name])
        regions = context.regions(chosen["countries"])
        row = {
            "id": pk,
            "organization_id": organization,
            "submitted_by_id": submitter,
            "original_language": original,
            "scope": scope,
            "state": Practice.State.PUBLISHED,
            "implementation_status": "completed",
            "budget_range": rng.choice(["under_10k", "10k_50k", "50k_250k", "over_250k"]),
            "no_victim_data": True,
            "created_at": submitted - timedelta(days=rng.randint(1, 60)),
            "updated_at": published,
            "submitted_at": submitted,
            "published_at": published,
        }
        for language in practice_languages:
            texts = text.practice(language)
            for field_name in TRANSLATED_FIELDS:
                row[field_in(field_name, language)] = texts.get(field_name, "")
                if language == original:
                    row[field_name] = texts.get(field_name, "")
            body = "\n".join(texts.get(f, "") for f in TRANSLATED_FIELDS if f not in ("title", "summary"))
            entries.append(
                entry(
                    type="practice", pk=pk, language=language, original=original, languages=practice_languages,
                    title=texts["title"], summary=texts["summary"], body=body, path="/practices/%s/" % pk,
                    published=published, scope=scope, regions=regions, **chosen,
                )
            )  # fmt: skip
        if reviewing:
            row["review_case_id"] = _reviewed(reviewing, rubric, rng, context, people, row, chosen)
        batch.add(Practice, **row)
        if (index + 1) % BATCH == 0 or index == count - 1:
            batch.flush()
            stage_entries(batch.cursor, entries)
            staged += len(entries)
            entries = []
            log("%s practices…" % (index + 1))
    return staged


def _snapshot(row: dict, chosen: dict, context: Context) -> dict:
    """The version as practices.services.snapshot records it at submission."""
    data = {field: row.get(field_in(field, row["original_language"]), "") for field in TRANSLATED_FIELDS}
    data.update({field: row.get(field, Practice._meta.get_field(field).get_default()) for field in PLAIN_FIELDS})
    for relation in RELATIONS:
        names = context.names.get(relation, {})
        data[relation] = sorted(names[pk] for pk in chosen.get(relation, []))
    data["attachments"] = []
    return data


def _reviewed(reviewing: Reviewing, rubric, rng, context: Context, people: People, row: dict, chosen: dict) -> int:
    """Submitted, reviewed by 2–3 roster members reading its language, accepted, published a few days later."""
    original, title = row["original_language"], row["title"]
    submitted, published = row["submitted_at"], row["published_at"]
    reviewing.batch.add(
        PracticeVersion,
        practice_id=row["id"],
        number=1,
        data=_snapshot(row, chosen, context),
        submitted_by_id=row["submitted_by_id"],
        created_at=submitted,
    )
    case = reviewing.open_case(
        owner=OWNER,
        title=title,
        language=original,
        organization=row["organization_id"],
        submitter=row["submitted_by_id"],
        rubric=rubric,
        created=submitted,
        countries=chosen["countries"],
        themes=chosen["themes"],
        exploitation_forms=chosen["exploitation_forms"],
        state="decided",
    )
    readers = people.reviewers[original] if len(people.reviewers[original]) >= 4 else people.all_reviewers
    wanted = 3 if rng.random() < 0.3 else 2
    declined = rng.random() < 0.1
    reviewers = rng.sample(readers, wanted + declined)
    invited = submitted + timedelta(days=rng.randint(1, 4))
    decided = published - timedelta(days=rng.randint(1, 5))
    editor = rng.choice(people.editors)
    quality = rng.uniform(3.3, 4.9)
    for position, reviewer in enumerate(reviewers):
        reviewing.assign(
            case=case,
            rubric=rubric,
            reviewer=reviewer,
            invited_by=editor,
            invited=invited,
            state="declined" if position == wanted else "submitted",
            language=original,
            quality=quality,
            submit_by=decided - timedelta(days=1),
        )
    # The submitter's language: synthetic members keep the default, English.
    letter = reviewing.letter("reviews/letters/accept.txt", "en", {TITLE: title}, title=TITLE)
    reviewing.decide(case=case, outcome="accept", letter=letter, decided_by=editor, decided_at=decided)
    return case
