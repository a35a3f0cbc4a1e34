"""API v1 for campaigns (API.md "Campaigns"): thin serializers and views over services and selectors."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns import selectors, services
from campaigns.ics import events_calendar
from campaigns.models import (
    TRANSLATED_FIELDS,
    Audience,
    AwarenessDay,
    Campaign,
    CampaignPartner,
    Event,
    Material,
    MaterialVersion,
    ReachFigure,
)
from campaigns.permissions import is_campaign_manager
from portal.accounts.models import Organization
from portal.taxonomy.api import country_codes, slugs
from portal.taxonomy.models import Country, Region, Theme

MAX_INT = 2**31 - 1


class ICalendarRenderer(renderers.BaseRenderer):
    """text/calendar for the feeds; an error body (a dict) is still written as JSON."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="%s"' % filename
    return response


@extend_schema_field(OpenApiTypes.STR)
class LocalizedField(serializers.Field):
    """A translated field in the requested language, falling back to the campaign's original."""

    def __init__(self, field, **kwargs):
        self.source_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, campaign):
        return campaign.localized(self.source_field, get_language())


class MaterialVersionSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    link = serializers.URLField(source="url", read_only=True)

    class Meta:
        model = MaterialVersion
        fields = ["id", "language", "title", "file_kind", "size", "link", "download_url", "download_count"]

    def get_download_url(self, version) -> str:
        return reverse("campaigns:download", args=[version.pk])


class MaterialSerializer(serializers.ModelSerializer):
    languages = serializers.SerializerMethodField()
    versions = MaterialVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Material
        fields = ["id", "kind", "title", "licence", "usage_rules", "languages", "versions"]

    def get_languages(self, material) -> list[str]:
        return [version.language for version in material.versions.all()]


class OrganisationRefSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "country"]


class EventSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organiser = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "starts",
            "ends",
            "place",
            "country",
            "organiser",
            "participants",
        ]


class ReachFigureSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReachFigure
        fields = ["id", "metric", "value", "country", "source", "period_start", "period_end"]


class PartnerSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(source="organization", read_only=True)

    class Meta:
        model = CampaignPartner
        fields = ["organisation", "role", "state", "requested_at", "decided_at"]


class AwarenessDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = AwarenessDay
        fields = ["slug", "name", "day", "month"]


class CampaignSerializer(serializers.ModelSerializer):
    lead_organisation = OrganisationRefSerializer(source="lead_organization", read_only=True)
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    awareness_days = AwarenessDaySerializer(many=True, read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    language = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=Campaign.State.choices, read_only=True)
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices), read_only=True)
    materials = MaterialSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    reach = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            *TRANSLATED_FIELDS,
            "original_language",
            "languages",
            "language",
            "audiences",
            "lead_organisation",
            "countries",
            "regions",
            "themes",
            "starts",
            "ends",
            "state",
            "hashtag",
            "awareness_days",
            "published",
            "published_at",
            "materials",
            "events",
            "reach",
            "partners",
        ]

    def get_fields(self):
        fields = super().get_fields()
        for name in TRANSLATED_FIELDS:
            fields[name] = LocalizedField(name)
        return fields

    def get_language(self, campaign) -> str:
        requested = get_language()
        return requested if requested in campaign.languages else campaign.original_language

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_reach(self, campaign):
        return {row["metric"]: row["total"] for row in selectors.reach_totals(campaign.reach_figures.all())}

    @extend_schema_field(PartnerSerializer(many=True))
    def get_partners(self, campaign):
        """Approved partners for everyone; pending and declined requests too for campaign managers."""
        partnerships = campaign.partnerships.all()
        if not is_campaign_manager(self.context["request"].user):
            partnerships = [p for p in partnerships if p.state == CampaignPartner.State.APPROVED]
        return PartnerSerializer(partnerships, many=True).data


class CampaignWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.CharField(required=False, allow_blank=True)
    key_messages = serializers.CharField(required=False, allow_blank=True)
    original_language = serializers.ChoiceField(
        choices=Campaign._meta.get_field("original_language").choices, required=False
    )
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices), required=False)
    countries = country_codes()
    regions = slugs(Region)
    themes = slugs(Theme)
    awareness_days = slugs(AwarenessDay)
    lead_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True, source="lead_organization"
    )
    starts = serializers.DateField()
    ends = serializers.DateField()
    hashtag = serializers.RegexField(r"^#?\w{1,99}$", required=False, allow_blank=True)

    def validate(self, attrs):
        starts, ends = attrs.get("starts"), attrs.get("ends")
        if starts and ends and ends < starts:
            raise serializers.ValidationError({"ends": [_("The campaign cannot end before it starts.")]})
        return attrs


class MaterialWriteSerializer(serializers.Serializer):
    file = serializers.FileField(required=False)
    url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    language = serializers.CharField(max_length=10)
    kind = serializers.ChoiceField(choices=Material.Kind.choices, required=False)
    title = serializers.CharField(max_length=300)
    material = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    licence = serializers.ChoiceField(choices=Material.Licence.choices, required=False)
    usage_rules = serializers.CharField(required=False, allow_blank=True)


class EventWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    starts = serializers.DateTimeField()
    ends = serializers.DateTimeField()
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    country = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False, allow_null=True
    )
    organiser = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)
    participants = serializers.IntegerField(min_value=0, max_value=MAX_INT, required=False, allow_null=True)

    def validate(self, attrs):
        if attrs["ends"] < attrs["starts"]:
            raise serializers.ValidationError({"ends": [_("The event cannot end before it starts.")]})
        return attrs


class ReachWriteSerializer(serializers.Serializer):
    metric = serializers.ChoiceField(choices=ReachFigure.Metric.choices)
    value = serializers.IntegerField(
        min_value=0,
        max_value=10**15,
        error_messages={"min_value": gettext_lazy("A reach figure cannot be negative.")},
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    source = serializers.CharField(max_length=300, required=False, allow_blank=True)
    country = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False, allow_null=True
    )

    def validate(self, attrs):
        if attrs["period_end"] < attrs["period_start"]:
            raise serializers.ValidationError({"period_end": [_("The period cannot end before it starts.")]})
        return attrs


class JoinSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False)
    role = serializers.ChoiceField(choices=CampaignPartner.Role.choices, default=CampaignPartner.Role.ENDORSER)


class CampaignFilter(filters.FilterSet):
    audience = filters.ChoiceFilter(choices=Audience.choices, method="for_audience")
    country = filters.CharFilter(field_name="countries__code", lookup_expr="iexact", distinct=True)
    region = filters.CharFilter(field_name="regions__slug", distinct=True)
    theme = filters.CharFilter(field_name="themes__slug", distinct=True)
    state = filters.ChoiceFilter(choices=Campaign.State.choices, method="in_state")

    class Meta:
        model = Campaign
        fields = []

    def for_audience(self, queryset, name, value):
        return queryset.for_audience(value)

    def in_state(self, queryset, name, value):
        return queryset.in_state(value)


class CampaignViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Published campaigns for everyone (unpublished ones too for campaign managers), with their materials
    in each language, events, reach totals and partners."""

    lookup_value_regex = r"\d+"
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = CampaignFilter
    serializer_class = CampaignSerializer

    def get_queryset(self):
        return selectors.campaigns_with_everything(self.request.user)

    def _read(self, campaign, status_code=status.HTTP_200_OK):
        campaign = self.get_queryset().get(pk=campaign.pk)
        return Response(CampaignSerializer(campaign, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(request=CampaignWriteSerializer, responses={201: CampaignSerializer})
    def create(self, request):
        data = CampaignWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        language = values.pop("original_language", None) or get_language() or "en"
        campaign = services.campaign_create(actor=request.user, original_language=language, **values)
        return self._read(campaign, status.HTTP_201_CREATED)

    @extend_schema(request=CampaignWriteSerializer, responses=CampaignSerializer)
    def partial_update(self, request, pk=None):
        campaign = self.get_object()
        data = CampaignWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("original_language", None)
        campaign = services.campaign_update(campaign=campaign, actor=request.user, **values)
        return self._read(campaign)

    @extend_schema(
        request={"multipart/form-data": MaterialWriteSerializer, "application/json": MaterialWriteSerializer},
        responses={201: MaterialSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def materials(self, request, pk=None):
        """A material in one language (a `file` or a `url`); with `material` (an id), another language of it."""
        campaign = self.get_object()
        data = MaterialWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        material = None
        if "material" in values:
            material = Material.objects.filter(campaign=campaign, pk=values.pop("material")).first()
            if material is None:
                raise serializers.ValidationError({"material": [_("No such material in this campaign.")]})
        version = services.material_add(
            campaign=campaign,
            actor=request.user,
            material=material,
            upload=values.pop("file", None),
            **values,
        )
        material = Material.objects.prefetch_related("versions").get(pk=version.material_id)
        return Response(MaterialSerializer(material).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EventWriteSerializer, responses={201: EventSerializer})
    @action(detail=True, methods=["post"])
    def events(self, request, pk=None):
        campaign = self.get_object()
        data = EventWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.event_add(campaign=campaign, actor=request.user, **data.validated_data)
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReachWriteSerializer, responses={201: ReachFigureSerializer})
    @action(detail=True, methods=["post"])
    def reach(self, request, pk=None):
        campaign = self.get_object()
        data = ReachWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        figure = services.reach_add(campaign=campaign, actor=request.user, **data.validated_data)
        return Response(ReachFigureSerializer(figure).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=JoinSerializer, responses={201: PartnerSerializer})
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        """A member asks, for their organisation, to join the campaign; a campaign manager approves."""
        campaign = self.get_object()
        data = JoinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partnership = services.partner_request(
            campaign=campaign,
            actor=request.user,
            organization=data.validated_data.get("organisation"),
            role=data.validated_data["role"],
        )
        return Response(PartnerSerializer(partnership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses=PartnerSerializer,
        parameters=[OpenApiParameter("org_id", int, OpenApiParameter.PATH, description="The organisation's id")],
    )
    @action(detail=True, methods=["post"], url_path=r"partners/(?P<org_id>\d+)/approve")
    def approve_partner(self, request, pk=None, org_id=None):
        campaign = self.get_object()
        partnership = get_object_or_404(
            CampaignPartner.objects.select_related("organization"), campaign=campaign, organization_id=org_id
        )
        partnership = services.partner_approve(partnership=partnership, actor=request.user)
        return Response(PartnerSerializer(partnership).data)


ICS_RESPONSE = {(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="iCalendar (RFC 5545)")}


class CampaignCalendarView(APIView):
    """One campaign's events as an iCalendar feed."""

    permission_classes = [AllowAny]
    renderer_classes = [renderers.JSONRenderer, ICalendarRenderer]

    @extend_schema(responses=ICS_RESPONSE)
    def get(self, request, pk: int):
        campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
        events = campaign.events.select_related("campaign", "country").order_by("starts", "pk")
        content = events_calendar(events, name=campaign.localized("name"))
        return calendar_response(content, "campaign-%s.ics" % campaign.pk)


class EventsCalendarView(APIView):
    """Every event of every published campaign as an iCalendar feed."""

    permission_classes = [AllowAny]
    # An unknown ?format= is answered 404 by DRF's content negotiation.
    error_status_codes = ["404"]
    renderer_classes = [renderers.JSONRenderer, ICalendarRenderer]

    @extend_schema(responses=ICS_RESPONSE)
    def get(self, request):
        content = events_calendar(selectors.feed_events(), name=_("Awareness campaign events"))
        return calendar_response(content, "events.ics")
