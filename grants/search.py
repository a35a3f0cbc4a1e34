"""Funded projects as search documents, in the language the proposal was written in."""

from grants.models import Grant, Report
from portal.search.documents import Document
from portal.search.services import index_documents

TYPE = "project"


def key(grant: Grant) -> str:
    return "%s:%s" % (TYPE, grant.pk)


def documents(grant: Grant) -> list[Document]:
    proposal = grant.proposal
    countries = [c.pk for c in proposal.countries.all()]
    narratives = [report.narrative for report in grant.reports.all() if report.state == Report.State.ACCEPTED]
    return [
        Document(
            key=key(grant),
            type=TYPE,
            object_id=grant.pk,
            language=proposal.original_language,
            title=proposal.title,
            summary=proposal.summary,
            body="\n".join([proposal.problem, proposal.activities, grant.organization.name, *narratives]),
            path="/grants/projects/%s/" % grant.pk,
            published=grant.awarded_at,
            original_language=proposal.original_language,
            languages=[proposal.original_language],
            countries=countries,
            themes=[t.pk for t in grant.call.themes.all()],
            exploitation_forms=[f.pk for f in proposal.exploitation_forms.all()],
            target_groups=[g.pk for g in proposal.target_groups.all()],
            scope="national" if len(countries) == 1 else "multi_country" if countries else "",
        )
    ]


def index(grant: Grant) -> None:
    """Funded projects are public from the award on; accepted reports add their narrative."""
    index_documents(key(grant), documents(grant))


def all_documents():
    grants = Grant.objects.select_related("proposal", "organization", "call").prefetch_related(
        "proposal__countries", "proposal__exploitation_forms", "proposal__target_groups", "call__themes", "reports"
    )
    for grant in grants.iterator(chunk_size=200):
        yield documents(grant)
