"""Published campaigns as search documents, one per language the campaign exists in."""

from campaigns.models import TRANSLATED_FIELDS, Campaign, field_in
from portal.search.documents import Document
from portal.search.services import index_documents, remove_document

TYPE = "campaign"
BODY_FIELDS = [field for field in TRANSLATED_FIELDS if field not in ("name", "summary")]


def key(campaign: Campaign) -> str:
    return "%s:%s" % (TYPE, campaign.pk)


def _scope(countries: list[int], regions: list[int]) -> str:
    if not countries and not regions:
        return "global"
    if regions:
        return "regional"
    return "national" if len(countries) == 1 else "multi_country"


def documents(campaign: Campaign) -> list[Document]:
    countries = [c.pk for c in campaign.countries.all()]
    regions = [r.pk for r in campaign.regions.all()]
    languages = campaign.languages
    return [
        Document(
            key=key(campaign),
            type=TYPE,
            object_id=campaign.pk,
            language=language,
            title=getattr(campaign, field_in("name", language)) or "",
            summary=getattr(campaign, field_in("summary", language)) or "",
            body="\n".join(
                [getattr(campaign, field_in(field, language)) or "" for field in BODY_FIELDS] + [campaign.hashtag]
            ),
            path="/campaigns/%s/" % campaign.pk,
            published=campaign.published_at,
            original_language=campaign.original_language,
            languages=languages,
            countries=countries,
            regions=regions,
            themes=[t.pk for t in campaign.themes.all()],
            scope=_scope(countries, regions),
        )
        for language in languages
    ]


def index(campaign: Campaign) -> None:
    if campaign.published:
        index_documents(key(campaign), documents(campaign))
    else:
        remove_document(key(campaign))


def all_documents():
    for campaign in (
        Campaign.objects.published().prefetch_related("countries", "regions", "themes").iterator(chunk_size=200)
    ):
        yield documents(campaign)
