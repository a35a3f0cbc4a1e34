from django.db.models import Q
from django.utils.translation import get_language
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from portal.taxonomy.api import country_codes, slugs
from portal.taxonomy.models import ExploitationForm, Region, Sector, TargetGroup, Theme
from practices.api import LocalizedField
from practices.models import Practice
from resources import services
from resources.models import TRANSLATED_FIELDS, Resource
from resources.permissions import can_view_resource

LANGUAGE_CHOICES = Resource._meta.get_field("original_language").choices


class ResourceFileSerializer(serializers.Serializer):
    language = serializers.CharField()
    kind = serializers.CharField(source="file_kind")
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, row) -> str:
        request = self.context.get("request")
        href = row.href
        return request.build_absolute_uri(href) if request and row.file else href


class ResourceSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    exploitation_forms = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    target_groups = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    audiences = serializers.ListField(child=serializers.CharField(), read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    language = serializers.SerializerMethodField()
    files = ResourceFileSerializer(many=True, read_only=True)

    class Meta:
        model = Resource
        fields = [
            "id",
            "state",
            "kind",
            *TRANSLATED_FIELDS,
            "original_language",
            "languages",
            "language",
            "authors",
            "publisher",
            "publication_year",
            "organisation",
            "curated",
            "countries",
            "regions",
            "scope",
            "themes",
            "exploitation_forms",
            "target_groups",
            "sectors",
            "audiences",
            "licence",
            "files",
            "published_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        for name in TRANSLATED_FIELDS:
            fields[name] = LocalizedField(name)
        return fields

    def get_organisation(self, resource) -> dict | None:
        organization = resource.organization
        if organization is None:
            return None
        return {"id": organization.pk, "name": organization.name}

    def get_language(self, resource) -> str:
        requested = get_language()
        return requested if requested in resource.languages else resource.original_language


class LinkInputSerializer(serializers.Serializer):
    language = serializers.CharField(max_length=10)
    url = serializers.URLField(max_length=500)


class ResourceWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Resource.Kind.choices)
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField()
    original_language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    authors = serializers.CharField(max_length=500, required=False, allow_blank=True)
    publisher = serializers.CharField(max_length=300, required=False, allow_blank=True)
    publication_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    countries = country_codes()
    regions = slugs(Region)
    themes = slugs(Theme)
    exploitation_forms = slugs(ExploitationForm)
    target_groups = slugs(TargetGroup)
    sectors = slugs(Sector)
    scope = serializers.ChoiceField(choices=Practice.Scope.choices, required=False, allow_blank=True)
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Resource.Audience.choices), required=False)
    licence = serializers.ChoiceField(choices=Resource.Licence.choices, required=False, allow_blank=True)
    links = LinkInputSerializer(many=True, help_text="At least one: a link per language (files: upload on the site).")


class ResourceFilter(filters.FilterSet):
    q = filters.CharFilter(method="search")
    kind = filters.ChoiceFilter(choices=Resource.Kind.choices)
    country = filters.CharFilter(field_name="countries__code", lookup_expr="iexact")
    region = filters.CharFilter(method="in_region")
    theme = filters.CharFilter(field_name="themes__slug")
    exploitation_form = filters.CharFilter(field_name="exploitation_forms__slug")
    target_group = filters.CharFilter(field_name="target_groups__slug")
    sector = filters.CharFilter(field_name="sectors__slug")
    scope = filters.ChoiceFilter(choices=Practice.Scope.choices)
    language = filters.CharFilter(method="in_language")
    audience = filters.ChoiceFilter(choices=Resource.Audience.choices, method="for_audience")

    class Meta:
        model = Resource
        fields = []

    def search(self, queryset, name, value):
        condition = Q()
        for field in TRANSLATED_FIELDS:
            for code in ("en", "fr", "es", "ar", "ru", "zh_hans", "pt", "hi"):
                condition |= Q(**{"%s_%s__icontains" % (field, code): value})
        return queryset.filter(condition)

    def in_region(self, queryset, name, value):
        return queryset.filter(
            Q(regions__slug=value) | Q(countries__subregion__slug=value) | Q(countries__subregion__parent__slug=value)
        ).distinct()

    def in_language(self, queryset, name, value):
        """The original language, or any language a file or link exists in."""
        return queryset.filter(Q(original_language=value) | Q(files__language=value)).distinct()

    def for_audience(self, queryset, name, value):
        return queryset.filter(audiences__contains=[value])


class ResourceViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Published resources for everyone; a resource in review for whoever submitted it and editors."""

    lookup_value_regex = r"\d+"
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = ResourceFilter
    serializer_class = ResourceSerializer

    def get_queryset(self):
        queryset = Resource.objects.select_related("organization").prefetch_related(
            "countries", "regions", "themes", "exploitation_forms", "target_groups", "sectors", "files"
        )
        if self.action == "list":
            return queryset.published().distinct()
        return queryset.visible_to(self.request.user)

    def _read(self, resource, status_code=status.HTTP_200_OK):
        resource = self.get_queryset().get(pk=resource.pk)
        return Response(ResourceSerializer(resource, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(request=ResourceWriteSerializer, responses={201: ResourceSerializer})
    def create(self, request):
        """A draft with its links; `submit` sends it to review (editors' own items: `publish`)."""
        data = ResourceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        links = values.pop("links")
        resource = services.resource_create(
            actor=request.user, files=[{"language": link["language"], "url": link["url"]} for link in links], **values
        )
        return self._read(resource, status.HTTP_201_CREATED)

    def _transition(self, service, request):
        resource = self.get_object()
        if not can_view_resource(request.user, resource):
            return Response(status=status.HTTP_404_NOT_FOUND)
        return self._read(service(resource=resource, actor=request.user))

    @extend_schema(request=None, responses=ResourceSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(services.resource_submit, request)

    @extend_schema(request=None, responses=ResourceSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(services.resource_publish, request)
