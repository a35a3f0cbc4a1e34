"""Published resources as search documents, one per language the resource's description exists in."""

from portal.search.documents import Document
from portal.search.services import index_documents, remove_document
from practices.models import field_in
from resources.models import Resource

TYPE = "resource"


def key(resource: Resource) -> str:
    return "%s:%s" % (TYPE, resource.pk)


def documents(resource: Resource) -> list[Document]:
    facets = {
        "countries": [c.pk for c in resource.countries.all()],
        "regions": [r.pk for r in resource.regions.all()],
        "themes": [t.pk for t in resource.themes.all()],
        "exploitation_forms": [f.pk for f in resource.exploitation_forms.all()],
        "target_groups": [g.pk for g in resource.target_groups.all()],
        "sectors": [s.pk for s in resource.sectors.all()],
    }
    languages = resource.languages
    body = " ".join(
        filter(
            None,
            [resource.get_kind_display(), resource.authors, resource.publisher, str(resource.publication_year or "")],
        )
    )
    return [
        Document(
            key=key(resource),
            type=TYPE,
            object_id=resource.pk,
            language=language,
            title=getattr(resource, field_in("title", language)) or "",
            summary=getattr(resource, field_in("summary", language)) or "",
            body=body,
            path="/resources/%s/" % resource.pk,
            published=resource.published_at,
            original_language=resource.original_language,
            languages=languages,
            scope=resource.scope,
            **facets,
        )
        for language in languages
    ]


def index(resource: Resource) -> None:
    """Called by the resource services inside the transition: published resources are found, others are not."""
    if resource.state == Resource.State.PUBLISHED:
        index_documents(key(resource), documents(resource))
    else:
        remove_document(key(resource))


def all_documents():
    resources = Resource.objects.published().prefetch_related(
        "countries", "regions", "themes", "exploitation_forms", "target_groups", "sectors"
    )
    for resource in resources.iterator(chunk_size=500):
        yield documents(resource)
