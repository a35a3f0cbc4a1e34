"""Demo grant calls and proposals (from the seeds' NGO micro-grant facility); idempotent."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from grants.models import GrantCall, Proposal
from portal.accounts.models import Organization, User
from portal.taxonomy.models import Country, ExploitationForm, TargetGroup, Theme

OPEN_CALL = "Small grants for emergency assistance to victims 2026"
CLOSED_CALL = "Child-protection partnerships 2025"
# A one-page PDF, so the demo proposals carry the work plan the calls require.
WORKPLAN_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _proposal(call, email: str, organization: str, **fields) -> Proposal:
    from grants.services.proposals import attachment_add, proposal_create, proposal_submit

    author = User.objects.get(email=email)
    proposal = proposal_create(
        call=call, organization=Organization.objects.get(name=organization), actor=author, **fields
    )
    attachment_add(
        proposal=proposal, actor=author, kind="workplan", upload=ContentFile(WORKPLAN_PDF, name="work-plan.pdf")
    )
    return proposal_submit(proposal=proposal, actor=author)


def _board_review(proposal, manager, board, score: int, comment: str) -> None:
    from reviews.services.assignments import assignment_accept, assignment_create
    from reviews.services.reviewing import review_save

    assignment = assignment_create(
        case=proposal.review_case, reviewer=board, due=timezone.localdate() + timedelta(days=14), actor=manager
    )
    assignment_accept(assignment=assignment, actor=board)
    review_save(
        assignment=assignment,
        actor=board,
        scores={str(criterion.pk): score for criterion in proposal.review_case.rubric.criteria.all()},
        recommendation="accept",
        comments_to_author=comment,
        submit=True,
    )


def seed_grants() -> None:
    from grants.services.calls import call_create
    from grants.services.evaluation import proposal_award, proposals_send_to_board
    from grants.services.followup import report_accept, report_submit, tranche_pay
    from grants.services.screening import proposal_screen
    from reviews.services.roster import reviewer_ensure_approved

    if GrantCall.objects.filter(title_en__in=[OPEN_CALL, CLOSED_CALL]).exists():
        return
    manager = User.objects.get(email="grants@portal.example")
    board = User.objects.get(email="board@board.example")
    reviewer_ensure_approved(user=board, languages=["pt", "en", "es", "fr"], group="board_member")
    now = timezone.now()
    common = {
        "required_attachments": ["workplan"],
        "eligible_org_kinds": ["ngo"],
        "screening_questions": ["The organisation works directly with victims or people at risk"],
    }
    closed = call_create(
        actor=manager,
        title=CLOSED_CALL,
        description="Grants for community child-protection systems that prevent child trafficking and child labour.",
        eligibility="Registered NGOs working with children in Latin America and Africa.",
        programme_type="child_protection",
        budget=Decimal("60000"),
        min_award=Decimal("5000"),
        max_award=Decimal("25000"),
        opens=now - timedelta(days=5),
        closes=now + timedelta(days=1),
        themes=Theme.objects.filter(slug__in=["prevention", "victim-services"]),
        **common,
    )
    andean = _proposal(
        closed,
        "ngo.pe@andean-survivors.example",
        "Andean Centre for Survivors",
        title="Community guardians for children in mining towns",
        summary="Trained community guardians spot children at risk of labour exploitation and refer them to services.",
        problem="Children in informal mining towns leave school and are recruited for work underground.",
        activities="Train 60 community guardians; open two safe spaces; refer children to schools and social services.",
        timeline="Months 1-3: training. Months 4-12: safe spaces and referrals.",
        original_language="es",
        duration_months=12,
        countries=Country.objects.filter(code="PE"),
        exploitation_forms=ExploitationForm.objects.filter(slug__in=["forced-labour"]),
        target_groups=TargetGroup.objects.filter(slug__in=["children"]),
        budget_lines=[
            {"category": "training", "description": "Training of community guardians", "amount": "7000"},
            {
                "category": "victim_support",
                "description": "Two safe spaces: rent, meals, school kits",
                "amount": "9500",
            },
            {"category": "monitoring", "description": "Follow-up of referrals", "amount": "2500"},
        ],
        results=[
            {"result": "Children referred to school and services", "indicator": "children referred", "target": "150"},
            {"result": "Guardians trained", "indicator": "guardians trained", "target": "60"},
        ],
    )
    proposal_screen(proposal=andean, eligible=True, actor=manager)
    proposals_send_to_board(call=closed, actor=manager)
    andean.refresh_from_db()
    _board_review(andean, manager, board, 5, "Strong community ownership; plan the exit strategy early.")
    # The call closed two months ago; the project is half-way through.
    GrantCall.objects.filter(pk=closed.pk).update(opens=now - timedelta(days=150), closes=now - timedelta(days=90))
    grant = proposal_award(proposal=andean, amount="19000", actor=manager)
    tranche_pay(tranche=grant.tranches.get(number=1), actor=manager)
    progress = grant.reports.get(kind="progress")
    results = {result.indicator: result.pk for result in andean.results.all()}
    report_submit(
        report=progress,
        actor=andean.created_by,
        narrative="Sixty guardians trained in three towns; the first safe space opened in month four.",
        values={
            "people_trained": "60",
            "victims_identified": "9",
            "victims_assisted": "9",
            "people_reached": "1200",
            "result-%s" % results["children referred"]: "71",
            "result-%s" % results["guardians trained"]: "60",
        },
    )
    report_accept(report=progress, actor=manager, note="Thank you: clear figures.")

    open_call = call_create(
        actor=manager,
        title=OPEN_CALL,
        description="Shelter, medical care, legal aid and safe return for victims identified in crises.",
        eligibility="Registered NGOs and victim-service providers; projects of 3 to 12 months.",
        programme_type="emergency",
        budget=Decimal("150000"),
        min_award=Decimal("5000"),
        max_award=Decimal("25000"),
        opens=now - timedelta(days=20),
        closes=now + timedelta(days=40),
        themes=Theme.objects.filter(slug__in=["victim-services"]),
        **common,
    )
    atlas = _proposal(
        open_call,
        "ngo.ma@atlas-rights.example",
        "Atlas Migrant Rights Collective",
        title="Accueil d'urgence pour les migrantes victimes de traite",
        summary="Hébergement d'urgence, soins et accompagnement juridique pour les femmes identifiées à Tanger et Oujda.",
        problem="Les victimes identifiées n'ont aucun lieu sûr pendant les premières semaines.",
        activities="Deux appartements d'accueil, une permanence juridique, un réseau de médecins bénévoles.",
        timeline="Mois 1 : ouverture ; mois 2-9 : accueil et accompagnement.",
        original_language="fr",
        duration_months=9,
        countries=Country.objects.filter(code="MA"),
        exploitation_forms=ExploitationForm.objects.filter(slug__in=["sexual-exploitation"]),
        target_groups=TargetGroup.objects.filter(slug__in=["women-and-girls", "migrants"]),
        budget_lines=[
            {"category": "victim_support", "description": "Loyer et charges de deux appartements", "amount": "12000"},
            {"category": "staff", "description": "Juriste à mi-temps", "amount": "6000"},
        ],
        results=[{"result": "Victimes hébergées", "indicator": "personnes hébergées", "target": "40"}],
    )
    proposal_screen(proposal=atlas, eligible=True, actor=manager)
    proposals_send_to_board(call=open_call, actor=manager)
    atlas.refresh_from_db()
    _board_review(atlas, manager, board, 4, "Useful and realistic; give more detail on the medical network.")
    _proposal(
        open_call,
        "ngo@ncpa.example",
        "Namibia Child Protection Alliance",
        title="Emergency foster care for children identified at border posts",
        summary="Trained foster families take in children identified at border posts until a lasting solution is found.",
        problem="Children identified at night at border posts wait in police stations.",
        activities="Recruit and train 15 foster families; 24-hour on-call social worker.",
        timeline="Months 1-2 recruitment; months 3-12 placements.",
        original_language="en",
        duration_months=12,
        countries=Country.objects.filter(code="NA"),
        target_groups=TargetGroup.objects.filter(slug__in=["children"]),
        budget_lines=[
            {"category": "victim_support", "description": "Allowances to foster families", "amount": "15000"},
            {"category": "staff", "description": "On-call social worker", "amount": "8000"},
        ],
        results=[{"result": "Children placed in foster care", "indicator": "children placed", "target": "45"}],
    )
