"""Published campaigns led by the synthetic organisations, with their search entries."""

import random
from datetime import timedelta

from campaigns.models import Campaign
from portal.site.loaddata.context import Context
from portal.site.loaddata.copying import Batch, entry, stage_entries
from portal.site.loaddata.people import People
from portal.site.loaddata.text import Text, languages, pick


def write_campaigns(batch: Batch, rng: random.Random, text: Text, context: Context, people: People, count: int) -> int:
    """Returns the number of search entries staged."""
    entries = []
    for index in range(count):
        pk = batch.new_id(Campaign)
        campaign_languages = languages(rng)
        original = campaign_languages[0]
        published = context.now - timedelta(seconds=rng.randint(0, 4 * 365 * 86400))
        countries = pick(rng, context.country_ids, 1, 3)
        themes = pick(rng, context.taxonomy["themes"], 1, 2)
        batch.link(Campaign, "countries", pk, countries)
        batch.link(Campaign, "themes", pk, themes)
        organization = people.organisations[index % len(people.organisations)]
        row = {
            "id": pk,
            "original_language": original,
            "lead_organization_id": organization,
            "created_by_id": people.members[organization],
            "starts": published.date(),
            "ends": published.date() + timedelta(days=rng.randint(30, 400)),
            "published": True,
            "published_at": published,
        }
        scope = "national" if len(countries) == 1 else "multi_country"
        for language in campaign_languages:
            texts = text.practice(language)
            values = {
                "name": texts["title"],
                "summary": texts["summary"],
                "description": texts["description"],
                "objectives": texts["objectives"],
                "key_messages": texts["results"],
            }
            for field_name, value in values.items():
                row["%s_%s" % (field_name, language.replace("-", "_"))] = value
                if language == original:
                    row[field_name] = value
            entries.append(
                entry(
                    type="campaign", pk=pk, language=language, original=original, languages=campaign_languages,
                    title=texts["title"], summary=texts["summary"],
                    body="\n".join((texts["description"], texts["objectives"], texts["results"])),
                    path="/campaigns/%s/" % pk, published=published, scope=scope, countries=countries,
                    regions=context.regions(countries), themes=themes,
                )
            )  # fmt: skip
        batch.add(Campaign, **row)
    batch.flush()
    stage_entries(batch.cursor, entries)
    return len(entries)
