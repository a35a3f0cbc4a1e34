from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from portal.accounts.models import Organization
from portal.accounts.permissions import is_member
from portal.api.pagination import PublishedPagination
from portal.api.renderers import CSVRenderer
from portal.taxonomy.api import country_codes, slugs
from portal.taxonomy.models import ExploitationForm, Sector, TargetGroup, Theme
from practices import services
from practices.models import TRANSLATED_FIELDS, Practice, PracticeCall
from practices.permissions import can_see_contact, is_editor
from reviews.models import Rubric
from reviews.services.bulk import bulk_assignment_apply, bulk_assignment_propose


class PracticeCallSerializer(serializers.ModelSerializer):
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, queryset=Theme.objects.all(), required=False)
    rubric = serializers.PrimaryKeyRelatedField(queryset=Rubric.objects.filter(kind="practice"), required=False)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = PracticeCall
        fields = [
            "id",
            "title",
            "description",
            "criteria",
            "themes",
            "eligible_kinds",
            "requires_completed",
            "opens",
            "deadline",
            "is_open",
            "blind_mode",
            "reviewers_see_reviews",
            "reviewers_see_each_other",
            "rubric",
        ]

    def get_is_open(self, call) -> bool:
        return call.is_open()


class ProposalInputSerializer(serializers.Serializer):
    reviewers_per_case = serializers.IntegerField(min_value=1, max_value=10, default=2)


class PairSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    reviewer = serializers.IntegerField()


class BulkApplySerializer(serializers.Serializer):
    pairs = PairSerializer(many=True, allow_empty=False)
    due = serializers.DateField()


class PracticeCallViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Calls for practices, open ones first."""

    lookup_value_regex = r"\d+"
    serializer_class = PracticeCallSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends = []

    def get_queryset(self):

        now = timezone.now()
        return (
            PracticeCall.objects.prefetch_related("themes")
            .annotate(
                open_first=Case(
                    When(opens__lte=now, deadline__gt=now, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
            .order_by("open_first", "deadline")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.call_create(actor=self.request.user, **data)

    def _cases(self, call):
        return [
            practice.review_case for practice in call.practices.filter(state="in_review").select_related("review_case")
        ]

    @extend_schema(
        request=inline_serializer(
            "ProposalInput", {"reviewers_per_case": serializers.IntegerField(min_value=1, max_value=10)}
        ),
        responses=inline_serializer(
            "ProposalOut", {"pairs": serializers.ListField(), "unfilled": serializers.DictField()}
        ),
    )
    @action(detail=True, methods=["post"], url_path="assignment-proposal")
    def assignment_proposal(self, request, pk=None):
        """A call-wide proposal (languages, conflicts and loads respected); nothing is saved."""
        data = ProposalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not is_editor(request.user):
            raise PermissionDenied(_("Only editors assign reviewers."))
        proposal = bulk_assignment_propose(
            cases=self._cases(self.get_object()),
            reviewers_per_case=data.validated_data["reviewers_per_case"],
            actor=request.user,
        )
        return Response(
            {
                "pairs": [{"case": case_id, "reviewer": reviewer_id} for case_id, reviewer_id in proposal.pairs],
                "unfilled": {str(case_id): missing for case_id, missing in proposal.unfilled.items()},
                "loads": {str(reviewer_id): load for reviewer_id, load in proposal.loads.items() if load},
            }
        )

    @extend_schema(
        request=BulkApplySerializer, responses=inline_serializer("BulkOut", {"created": serializers.IntegerField()})
    )
    @action(detail=True, methods=["post"], url_path="assignments")
    def apply_assignments(self, request, pk=None):
        """Apply a proposal, as is or adjusted; each pair is checked again (conflicts, duplicates)."""
        data = BulkApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_cases = {case.pk for case in self._cases(self.get_object())}
        pairs = [(pair["case"], pair["reviewer"]) for pair in data.validated_data["pairs"]]
        if any(case_id not in call_cases for case_id, _reviewer in pairs):
            raise serializers.ValidationError({"pairs": [_("Every case must belong to this call and be in review.")]})
        created = bulk_assignment_apply(pairs=pairs, due=data.validated_data["due"], actor=request.user)
        return Response({"created": len(created)}, status=status.HTTP_201_CREATED)


@extend_schema_field(OpenApiTypes.STR)
class LocalizedField(serializers.Field):
    """A translated field in the requested language, falling back to the practice's original."""

    def __init__(self, field, **kwargs):
        self.source_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, practice):
        return practice.localized(self.source_field, get_language())


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class LinkedSlugs(serializers.Field):
    """The slugs (or codes) of a to-many relation, read from `practice.linked` (`Practice.objects.with_linked()`
    in `PracticeViewSet.get_queryset`): no manager, no query per row."""

    def __init__(self, relation, **kwargs):
        self.relation = relation
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, practice):
        return [label for _pk, label in practice.linked[self.relation]]


class PracticeWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.CharField(required=False, allow_blank=True)
    activities = serializers.CharField(required=False, allow_blank=True)
    results = serializers.CharField(required=False, allow_blank=True)
    lessons_learned = serializers.CharField(required=False, allow_blank=True)
    recommendations = serializers.CharField(required=False, allow_blank=True)
    sustainability = serializers.CharField(required=False, allow_blank=True)
    replicability = serializers.CharField(required=False, allow_blank=True)
    original_language = serializers.ChoiceField(choices=Practice._meta.get_field("original_language").choices)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False)
    partner_organisations = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), many=True, required=False, source="partner_organizations"
    )
    call = serializers.PrimaryKeyRelatedField(queryset=PracticeCall.objects.all(), required=False, allow_null=True)
    countries = country_codes()
    themes = slugs(Theme)
    exploitation_forms = slugs(ExploitationForm)
    target_groups = slugs(TargetGroup)
    sectors = slugs(Sector)
    scope = serializers.ChoiceField(choices=Practice.Scope.choices, required=False, allow_blank=True)
    implementation_status = serializers.ChoiceField(
        choices=Practice.ImplementationStatus.choices, required=False, allow_blank=True
    )
    budget_range = serializers.ChoiceField(choices=Practice.BudgetRange.choices, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    links = serializers.ListField(child=serializers.URLField(), required=False)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_public = serializers.BooleanField(required=False)
    no_victim_data = serializers.BooleanField(required=False)

    def validate(self, attrs):
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": [_("The end date is before the start date.")]})
        return attrs


class PracticeSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()
    countries = LinkedSlugs("countries")
    themes = LinkedSlugs("themes")
    exploitation_forms = LinkedSlugs("exploitation_forms")
    target_groups = LinkedSlugs("target_groups")
    sectors = LinkedSlugs("sectors")
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    language = serializers.SerializerMethodField()
    partner_organisations = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = [
            "id",
            "state",
            *TRANSLATED_FIELDS,
            "original_language",
            "languages",
            "language",
            "organisation",
            "partner_organisations",
            "call",
            "countries",
            "scope",
            "themes",
            "exploitation_forms",
            "target_groups",
            "sectors",
            "start_date",
            "end_date",
            "implementation_status",
            "budget_range",
            "links",
            "contact",
            "no_victim_data",
            "submitted_at",
            "published_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        for name in TRANSLATED_FIELDS:
            fields[name] = LocalizedField(name)
        if is_editor(self.context["request"].user):
            fields["review_case"] = serializers.PrimaryKeyRelatedField(read_only=True)
        return fields

    def get_organisation(self, practice) -> dict:
        organization = practice.organization
        return {"id": organization.pk, "name": organization.name, "country": organization.country.code}

    def get_partner_organisations(self, practice) -> list[dict]:
        return [{"id": pk, "name": name} for pk, name in practice.linked["partner_organizations"]]

    def get_language(self, practice) -> str:
        """The language the text fields are in: the requested one, or the original when it has no translation."""
        requested = get_language()
        return requested if requested in practice.languages else practice.original_language

    def get_contact(self, practice) -> dict | None:
        if not (practice.contact_name or practice.contact_email):
            return None
        if not can_see_contact(self.context["request"].user, practice):
            return None
        return {"name": practice.contact_name, "email": practice.contact_email}


class PracticeFilter(filters.FilterSet):
    q = filters.CharFilter(method="search")
    country = filters.CharFilter(field_name="countries__code", lookup_expr="iexact")
    region = filters.CharFilter(method="in_region")
    theme = filters.CharFilter(field_name="themes__slug")
    exploitation_form = filters.CharFilter(field_name="exploitation_forms__slug")
    target_group = filters.CharFilter(field_name="target_groups__slug")
    sector = filters.CharFilter(field_name="sectors__slug")
    scope = filters.ChoiceFilter(choices=Practice.Scope.choices)
    language = filters.CharFilter(field_name="original_language")

    class Meta:
        model = Practice
        fields = []

    def search(self, queryset, name, value):
        # A plain match until the unified search index (knowledge-portal issue) takes over.
        condition = Q()
        for field in ("title", "summary"):
            for code in ("en", "fr", "es", "ar", "ru", "zh_hans", "pt", "hi"):
                condition |= Q(**{"%s_%s__icontains" % (field, code): value})
        return queryset.filter(condition)

    def in_region(self, queryset, name, value):
        return queryset.filter(
            Q(countries__subregion__slug=value) | Q(countries__subregion__parent__slug=value)
        ).distinct()


class PracticeViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Published practices for everyone; drafts and reviews in progress for their organisation and editors.

    `?format=csv` exports the whole filtered list; `?format=json` is the paginated JSON list.
    """

    lookup_value_regex = r"\d+"
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = PracticeFilter
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    pagination_class = PublishedPagination

    def get_queryset(self):
        queryset = Practice.objects.select_related("organization__country").with_linked()
        if self.action == "list":
            # Only the to-many filters can repeat a row; DISTINCT over every published practice costs 0.5 s at 100k.
            to_many = {"country", "region", "theme", "exploitation_form", "target_group", "sector"}
            # A total order (ties broken by id), the keyset pages' one: the practice_newest_idx index.
            published = queryset.published().order_by("-published_at", "-id")
            return published.distinct() if to_many & set(self.request.query_params) else published
        return queryset.visible_to(self.request.user)

    def get_serializer_class(self):
        return PracticeSerializer

    def get_renderers(self):
        # Only the list exports as CSV; one practice, or the answer to a change, is JSON.
        renderers = super().get_renderers()
        if self.action == "list":
            return renderers
        return [renderer for renderer in renderers if not isinstance(renderer, CSVRenderer)]

    def paginate_queryset(self, queryset):
        # A CSV export is the whole filtered set, not one page of it.
        if self.request.query_params.get("format") == "csv":
            return None
        return super().paginate_queryset(queryset)

    def _read(self, practice, status_code=status.HTTP_200_OK):
        practice = self.get_queryset().get(pk=practice.pk)
        return Response(PracticeSerializer(practice, context=self.get_serializer_context()).data, status=status_code)

    def _writable(self, request):
        data = PracticeWriteSerializer(data=request.data, partial=self.action == "partial_update")
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("organisation", None)
        return data.validated_data, values

    @extend_schema(request=PracticeWriteSerializer, responses=PracticeSerializer)
    def create(self, request):
        validated, values = self._writable(request)
        organization = validated.get("organisation")
        if organization is None:
            membership = request.user.memberships.select_related("organization").order_by("created_at").first()
            if membership is None:
                raise PermissionDenied(_("Register or join an organisation before submitting practices."))
            organization = membership.organization
        practice = services.practice_create(actor=request.user, organization=organization, **values)
        return self._read(practice, status.HTTP_201_CREATED)

    @extend_schema(request=PracticeWriteSerializer, responses=PracticeSerializer)
    def partial_update(self, request, pk=None):
        practice = self.get_object()
        data = PracticeWriteSerializer(
            data={"original_language": practice.original_language, **request.data}, partial=True
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        for key in ("organisation", "original_language", "call"):
            values.pop(key, None)
        practice = services.practice_update(practice=practice, actor=request.user, **values)
        return self._read(practice)

    def _transition(self, service, request):
        practice = service(practice=self.get_object(), actor=request.user)
        return self._read(practice)

    @extend_schema(request=None, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(services.practice_submit, request)

    @extend_schema(request=None, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._transition(services.practice_withdraw, request)

    @extend_schema(request=None, responses=PracticeSerializer)
    @action(detail=True, methods=["post"], url_path="send-to-review")
    def send_to_review(self, request, pk=None):
        return self._transition(services.practice_send_to_review, request)

    @extend_schema(request=None, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(services.practice_publish, request)

    @extend_schema(request=None, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        return self._transition(services.practice_archive, request)

    @extend_schema(
        request={"multipart/form-data": inline_serializer("AttachmentUpload", {"file": serializers.FileField()})},
        responses=inline_serializer(
            "AttachmentOut", {"id": serializers.IntegerField(), "kind": serializers.CharField()}
        ),
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        practice = get_object_or_404(self.get_queryset(), pk=pk)
        if not is_member(request.user, practice.organization):
            raise PermissionDenied(_("Only members of the practice's organisation can add attachments."))
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [_("Attach a file in the “file” field.")]}, status=status.HTTP_400_BAD_REQUEST)
        attachment = services.attachment_add(practice=practice, actor=request.user, upload=upload)
        return Response(
            {"id": attachment.pk, "kind": attachment.kind, "name": attachment.original_name, "size": attachment.size},
            status=status.HTTP_201_CREATED,
        )
