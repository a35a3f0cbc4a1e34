from decimal import Decimal

from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from grants import selectors
from grants.models import AttachmentKind, BudgetLine, GrantCall, ProgrammeType, Proposal, Report, StandardIndicator
from grants.permissions import can_view_grant, is_grant_manager
from grants.services import calls, evaluation, followup, proposals, screening
from portal.accounts.models import Organization, OrganizationKind
from portal.accounts.permissions import is_member
from portal.taxonomy.api import country_codes, slugs
from portal.taxonomy.models import ExploitationForm, TargetGroup, Theme
from reviews.models import Rubric


class GrantCallSerializer(serializers.ModelSerializer):
    eligible_countries = country_codes()
    themes = slugs(Theme)
    rubric = serializers.PrimaryKeyRelatedField(queryset=Rubric.objects.filter(kind="grant"), required=False)
    eligible_org_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=OrganizationKind.choices), required=False
    )
    required_attachments = serializers.ListField(
        child=serializers.ChoiceField(choices=AttachmentKind.choices), required=False
    )
    screening_questions = serializers.ListField(child=serializers.CharField(max_length=300), required=False)
    programme_type = serializers.ChoiceField(choices=ProgrammeType.choices)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    max_award = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    min_award = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = GrantCall
        fields = [
            "id",
            "title",
            "description",
            "eligibility",
            "programme_type",
            "budget",
            "currency",
            "min_award",
            "max_award",
            "opens",
            "closes",
            "is_open",
            "eligible_org_kinds",
            "eligible_countries",
            "themes",
            "rubric",
            "reviewers_per_proposal",
            "required_attachments",
            "screening_questions",
            "proposals_per_organization",
        ]

    def get_is_open(self, call) -> bool:
        return call.is_open()


class GrantCallViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Calls for proposals, open ones first."""

    lookup_value_regex = r"\d+"
    serializer_class = GrantCallSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends = []

    def get_queryset(self):
        now = timezone.now()
        return (
            GrantCall.objects.prefetch_related("eligible_countries", "themes")
            .annotate(
                open_first=Case(
                    When(opens__lte=now, closes__gt=now, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
            .order_by("open_first", "closes", "pk")
        )

    def perform_create(self, serializer):
        serializer.instance = calls.call_create(actor=self.request.user, **serializer.validated_data)


class BudgetLineSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=BudgetLine.Category.choices)
    description = serializers.CharField(max_length=300)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class ExpectedResultSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=300)
    indicator = serializers.CharField(max_length=200)
    target = serializers.DecimalField(max_digits=12, decimal_places=2)


class ProposalWriteSerializer(serializers.Serializer):
    call = serializers.PrimaryKeyRelatedField(queryset=GrantCall.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False)
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True)
    problem = serializers.CharField(required=False, allow_blank=True)
    activities = serializers.CharField(required=False, allow_blank=True)
    timeline = serializers.CharField(required=False, allow_blank=True)
    original_language = serializers.ChoiceField(
        choices=Proposal._meta.get_field("original_language").choices, required=False
    )
    countries = country_codes()
    exploitation_forms = slugs(ExploitationForm)
    target_groups = slugs(TargetGroup)
    duration_months = serializers.IntegerField(min_value=1, max_value=60, required=False, allow_null=True)
    budget_lines = BudgetLineSerializer(many=True, required=False)
    results = ExpectedResultSerializer(many=True, required=False)
    requested_amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="Optional: refused when it differs from the sum of the budget lines.",
    )


class ProposalSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    exploitation_forms = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    target_groups = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    budget_lines = BudgetLineSerializer(many=True, read_only=True)
    results = ExpectedResultSerializer(many=True, read_only=True)
    currency = serializers.CharField(source="call.currency", read_only=True)
    requested_amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    attachments = serializers.SerializerMethodField()
    screening = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "call",
            "organisation",
            "state",
            "title",
            "summary",
            "problem",
            "activities",
            "timeline",
            "original_language",
            "countries",
            "exploitation_forms",
            "target_groups",
            "duration_months",
            "budget_lines",
            "results",
            "requested_amount",
            "currency",
            "attachments",
            "screening",
            "submitted_at",
        ]

    def get_organisation(self, proposal) -> dict:
        return {
            "id": proposal.organization_id,
            "name": proposal.organization.name,
            "country": proposal.organization.country.code,
        }

    def get_attachments(self, proposal) -> list[dict]:
        return [
            {"id": a.pk, "kind": a.kind, "name": a.original_name, "size": a.size} for a in proposal.attachments.all()
        ]

    def get_screening(self, proposal) -> dict | None:
        """The outcome and its reason for the applicant; the checklist only for grant managers."""
        if proposal.state in ("draft", "submitted", "screening", "withdrawn"):
            outcome = None
        else:
            outcome = "ineligible" if proposal.state == "ineligible" else "eligible"
        data = {"outcome": outcome, "reason": proposal.screening_reason if outcome else ""}
        if is_grant_manager(self.context["request"].user):
            data["checks"] = [
                {
                    "key": item.key,
                    "label": item.label,
                    "automatic": item.automatic,
                    "passed": item.passed,
                    "detail": item.detail,
                }
                for item in proposal.screening_items.all()
            ]
        return data


class ScreeningSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AwardSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    letter = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required when the board has not submitted any review."
    )


class ProposalViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Proposals are confidential: their organisation's members and grant managers see them."""

    lookup_value_regex = r"\d+"
    permission_classes = [IsAuthenticated]
    serializer_class = ProposalSerializer
    filter_backends = []

    def get_queryset(self):
        return (
            Proposal.objects.visible_to(self.request.user)
            .select_related("organization__country", "call")
            .prefetch_related(
                "countries",
                "exploitation_forms",
                "target_groups",
                "budget_lines",
                "results",
                "attachments",
                "screening_items",
            )
            .order_by("-created_at", "-pk")
        )

    def _read(self, proposal, status_code=status.HTTP_200_OK):
        proposal = self.get_queryset().get(pk=proposal.pk)
        return Response(ProposalSerializer(proposal, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(request=ProposalWriteSerializer, responses={201: ProposalSerializer})
    def create(self, request):
        data = ProposalWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        call = values.pop("call")
        organization = values.pop("organisation", None)
        if organization is None:
            membership = request.user.memberships.select_related("organization").order_by("created_at").first()
            if membership is None:
                raise PermissionDenied(_("Register or join an organisation before applying."))
            organization = membership.organization
        proposal = proposals.proposal_create(call=call, organization=organization, actor=request.user, **values)
        return self._read(proposal, status.HTTP_201_CREATED)

    @extend_schema(request=ProposalWriteSerializer, responses=ProposalSerializer)
    def partial_update(self, request, pk=None):
        proposal = self.get_object()
        data = ProposalWriteSerializer(
            data={"call": proposal.call_id, "title": proposal.title, **request.data}, partial=True
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        for key in ("call", "organisation"):
            values.pop(key, None)
        proposal = proposals.proposal_update(proposal=proposal, actor=request.user, **values)
        return self._read(proposal)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._read(proposals.proposal_submit(proposal=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._read(proposals.proposal_withdraw(proposal=self.get_object(), actor=request.user))

    @extend_schema(request=ScreeningSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def screening(self, request, pk=None):
        data = ScreeningSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = screening.proposal_screen(proposal=self.get_object(), actor=request.user, **data.validated_data)
        return self._read(proposal)

    @extend_schema(
        request=AwardSerializer,
        responses={
            201: inline_serializer(
                "AwardOut",
                {
                    "id": serializers.IntegerField(),
                    "amount": serializers.DecimalField(max_digits=14, decimal_places=2),
                    "currency": serializers.CharField(),
                },
            )
        },
    )
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        data = AwardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        grant = evaluation.proposal_award(proposal=self.get_object(), actor=request.user, **data.validated_data)
        return Response(
            {"id": grant.pk, "amount": str(grant.amount), "currency": grant.currency}, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "ProposalAttachmentUpload",
                {"file": serializers.FileField(), "kind": serializers.ChoiceField(choices=AttachmentKind.choices)},
            )
        },
        responses={
            201: inline_serializer(
                "ProposalAttachmentOut", {"id": serializers.IntegerField(), "kind": serializers.CharField()}
            )
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        proposal = self.get_object()
        if not is_member(request.user, proposal.organization):
            raise PermissionDenied(_("Only members of the organisation can add attachments."))
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [_("Attach a file in the “file” field.")]}, status=status.HTTP_400_BAD_REQUEST)
        attachment = proposals.attachment_add(
            proposal=proposal, actor=request.user, kind=request.data.get("kind", ""), upload=upload
        )
        return Response(
            {"id": attachment.pk, "kind": attachment.kind, "name": attachment.original_name, "size": attachment.size},
            status=status.HTTP_201_CREATED,
        )


class IndicatorTotalSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    label = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)


class GrantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    call = serializers.IntegerField(source="call_id")
    title = serializers.CharField(source="proposal.title")
    summary = serializers.CharField(source="proposal.summary")
    organisation = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()
    state = serializers.CharField()
    starts = serializers.DateField()
    ends = serializers.DateField()
    results = serializers.SerializerMethodField()

    def get_organisation(self, grant) -> dict:
        return {
            "id": grant.organization_id,
            "name": grant.organization.name,
            "country": grant.organization.country.code,
        }

    def get_countries(self, grant) -> list[str]:
        return [country.code for country in grant.proposal.countries.all()]

    def get_results(self, grant) -> list[dict]:
        """Figures from accepted reports: standard indicators, then the project's own against its targets.

        Read from the prefetched reports, so a page of grants costs the same queries as one grant.
        """
        totals: dict[str, Decimal] = {}
        for report in grant.reports.all():
            if report.state == Report.State.ACCEPTED:
                for value in report.values.all():
                    if value.standard:
                        totals[value.standard] = totals.get(value.standard, Decimal("0")) + value.value
        standard = [
            {"indicator": key, "label": str(label), "value": str(totals[key])}
            for key, label in StandardIndicator.choices
            if key in totals
        ]
        own = [
            {
                "indicator": "result-%s" % row["result"].pk,
                "label": row["result"].indicator,
                "target": str(row["target"]),
                "value": str(row["reported"]) if row["reported"] is not None else None,
            }
            for row in selectors.results_against_targets(grant)
        ]
        return standard + own


class ReportInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    narrative = serializers.CharField()
    indicators = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="Indicator key (victims_identified, victims_assisted, people_trained, people_reached, result-<id>) → number.",
    )


class GrantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Awarded projects with the results they reported; public."""

    lookup_value_regex = r"\d+"
    serializer_class = GrantSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends = []

    def get_queryset(self):
        return selectors.funded_projects(
            country=self.request.query_params.get("country", ""), call=self.request.query_params.get("call", "")
        ).prefetch_related("reports__values", "proposal__results")

    @extend_schema(
        request=ReportInputSerializer,
        responses={
            201: inline_serializer(
                "ReportOut",
                {"id": serializers.IntegerField(), "kind": serializers.CharField(), "state": serializers.CharField()},
            )
        },
    )
    @action(detail=True, methods=["post"])
    def reports(self, request, pk=None):
        grant = get_object_or_404(self.get_queryset(), pk=pk)
        if not can_view_grant(request.user, grant):
            raise PermissionDenied(_("Only members of the funded organisation report on the project."))
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kind = data.validated_data["kind"]
        report = grant.reports.filter(kind=kind, state__in=["due", "returned"]).order_by("due_date").first()
        if report is None:
            return Response(
                {
                    "detail": _("No %(kind)s is due for this grant.") % {"kind": Report.Kind(kind).label.lower()},
                    "state": grant.state,
                },
                status=status.HTTP_409_CONFLICT,
            )
        report = followup.report_submit(
            report=report,
            actor=request.user,
            narrative=data.validated_data["narrative"],
            values=data.validated_data.get("indicators") or {},
        )
        return Response({"id": report.pk, "kind": report.kind, "state": report.state}, status=status.HTTP_201_CREATED)
