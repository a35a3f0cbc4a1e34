"""Published practices as search documents, one per language the practice exists in."""

from django.db.models import Prefetch

from portal.search.documents import Document
from portal.search.services import index_documents, remove_document
from portal.taxonomy.models import Theme
from practices.models import TRANSLATED_FIELDS, Practice, field_in

TYPE = "practice"
BODY_FIELDS = [field for field in TRANSLATED_FIELDS if field not in ("title", "summary")]


def key(practice: Practice) -> str:
    return "%s:%s" % (TYPE, practice.pk)


def documents(practice: Practice) -> list[Document]:
    facets = {
        "countries": [c.pk for c in practice.countries.all()],
        "themes": [t.pk for t in practice.themes.all()],
        "exploitation_forms": [f.pk for f in practice.exploitation_forms.all()],
        "target_groups": [g.pk for g in practice.target_groups.all()],
        "sectors": [s.pk for s in practice.sectors.all()],
    }
    languages = practice.languages
    return [
        Document(
            key=key(practice),
            type=TYPE,
            object_id=practice.pk,
            language=language,
            title=getattr(practice, field_in("title", language)) or "",
            summary=getattr(practice, field_in("summary", language)) or "",
            body="\n".join(getattr(practice, field_in(field, language)) or "" for field in BODY_FIELDS),
            path="/practices/%s/" % practice.pk,
            published=practice.published_at,
            original_language=practice.original_language,
            languages=languages,
            scope=practice.scope,
            **facets,
        )
        for language in languages
    ]


def index(practice: Practice) -> None:
    """Called by the practice services inside the transition: published practices are found, others are not."""
    if practice.state == Practice.State.PUBLISHED:
        index_documents(key(practice), documents(practice))
    else:
        remove_document(key(practice))


def all_documents():
    practices = Practice.objects.published().prefetch_related(
        "countries", Prefetch("themes", queryset=Theme.objects.all()), "exploitation_forms", "target_groups", "sectors"
    )
    for practice in practices.iterator(chunk_size=500):
        yield documents(practice)
