"""Grant calls and proposals in the states the tests start from."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.taxonomy.models import Country
from tests.factories import MembershipFactory, UserFactory
from tests.practices.test_files import make_pdf


def grant_manager():
    return UserFactory(roles=["grant_manager"])


def board_member(**kwargs):
    from reviews.services.roster import reviewer_ensure_approved

    user = UserFactory(roles=["board_member"], **kwargs)
    reviewer_ensure_approved(user=user, languages=["en", "fr"], group="board_member")
    return user


def grant_call(manager=None, **overrides):
    from grants.services.calls import call_create

    now = timezone.now()
    fields = {
        "title": "Micro-grants against child labour in agriculture",
        "description": "Small grants for community projects.",
        "programme_type": "child_protection",
        "budget": Decimal("50000"),
        "max_award": Decimal("30000"),
        "min_award": Decimal("5000"),
        "opens": now - timedelta(days=5),
        "closes": now + timedelta(days=25),
        "eligible_org_kinds": ["ngo"],
        "required_attachments": ["workplan"],
        **overrides,
    }
    return call_create(actor=manager or grant_manager(), **fields)


def pdf_upload(name="workplan.pdf"):
    return SimpleUploadedFile(name, make_pdf("Work plan of the project, month by month."))


def draft_proposal(call, *, membership=None, amount="20000", attach=True, **overrides):
    from grants.services.proposals import attachment_add, proposal_create

    membership = membership or MembershipFactory(organization__verified=True)
    half = Decimal(amount) / 2
    fields = {
        "title": "Safe harvests: keeping children in school",
        "summary": "Community monitors and school grants in 12 villages.",
        "problem": "Children leave school at harvest time to work in the fields.",
        "activities": "Train 40 community monitors; school kits; awareness days.",
        "timeline": "Months 1-3 training; months 4-12 monitoring.",
        "duration_months": 12,
        "countries": [Country.objects.get(code="NA")],
        "budget_lines": [
            {"category": "training", "description": "Training of monitors", "amount": str(half)},
            {"category": "activities", "description": "School kits", "amount": str(Decimal(amount) - half)},
        ],
        "results": [{"result": "Children back in school", "indicator": "children enrolled", "target": "300"}],
        **overrides,
    }
    proposal = proposal_create(call=call, organization=membership.organization, actor=membership.user, **fields)
    if attach:
        attachment_add(proposal=proposal, actor=membership.user, kind="workplan", upload=pdf_upload())
    return proposal


def submitted_proposal(call, **kwargs):
    from grants.services.proposals import proposal_submit

    proposal = draft_proposal(call, **kwargs)
    return proposal_submit(proposal=proposal, actor=proposal.created_by)


def proposal_with_board(call, manager, *, board=(), scores=None, **kwargs):
    """Submitted, found eligible, sent to the board; each board member given submits a review."""
    from grants.models import Proposal
    from grants.services.evaluation import proposals_send_to_board
    from grants.services.screening import proposal_screen
    from reviews.models import Criterion
    from reviews.services.assignments import assignment_accept, assignment_create
    from reviews.services.reviewing import review_save

    proposal = submitted_proposal(call, **kwargs)
    proposal_screen(proposal=proposal, eligible=True, actor=manager)
    proposals_send_to_board(call=call, actor=manager)
    proposal = Proposal.objects.get(pk=proposal.pk)
    for member in board:
        assignment = assignment_create(
            case=proposal.review_case, reviewer=member, due=timezone.localdate() + timedelta(days=10), actor=manager
        )
        assignment_accept(assignment=assignment, actor=member)
        criteria = Criterion.objects.filter(rubric=proposal.review_case.rubric)
        review_save(
            submit=True,
            assignment=assignment,
            actor=member,
            scores={criterion.pk: scores or 4 for criterion in criteria},
            recommendation="accept",
            comments_to_author="Clear plan; strengthen the monitoring.",
            confidential_comments="Budget slightly high.",
        )
    return proposal
