"""GET /api/v1/search/: the unified search as open data, with the page's filters; JSON or CSV."""

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.renderers import CSVRenderer
from portal.search.query import FACETS, SearchParams, search

EXPORT_LIMIT = 5000


class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField(source="object_id")
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: matched words in <mark>, everything else escaped.")
    url = serializers.CharField()
    language = serializers.CharField(help_text="The language of title and snippet.")
    original_language = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    published = serializers.DateTimeField()
    scope = serializers.CharField()
    countries = serializers.ListField(child=serializers.CharField())


class SearchFacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What to pass back as the filter, e.g. a country code or a theme slug.")
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchView(APIView):
    """Practices, campaigns and funded projects in one search: full text in every language, facet counts.

    Filters may repeat (`?theme=prevention&theme=protection`); `?format=csv` exports up to 5,000 results.
    """

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, CSVRenderer]
    # An unknown ?lang= is a 400 (portal.site.middleware); an unknown ?format= a 404 (content negotiation).
    error_status_codes = ["400", "404"]

    def get_serializer(self, *args, **kwargs):
        # The CSV renderer writes its header row from these fields, even when nothing matches.
        return SearchHitSerializer(*args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Words; “phrases” and -exclusions work."),
            *[OpenApiParameter(name, OpenApiTypes.STR, many=True) for name in FACETS],
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 100."),
            OpenApiParameter("lang", OpenApiTypes.STR, description="The language to show results in."),
        ],
        responses=inline_serializer(
            "SearchResults",
            {
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "num_pages": serializers.IntegerField(),
                "results": SearchHitSerializer(many=True),
                "facets": serializers.DictField(child=SearchFacetValueSerializer(many=True)),
                "messages": serializers.ListField(child=serializers.CharField()),
            },
        ),
    )
    def get(self, request):
        csv = request.accepted_renderer.format == "csv"
        params = SearchParams.from_query(request.query_params)
        if csv:
            params.page, params.page_size = 1, EXPORT_LIMIT
        results = search(params, language=get_language(), facets=not csv)
        hits = SearchHitSerializer(results.hits, many=True).data
        if csv:
            return Response(hits)
        return Response(
            {
                "count": results.total,
                "page": params.page,
                "num_pages": results.num_pages,
                "results": hits,
                "facets": {
                    name: [
                        {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values
                    ]
                    for name, values in results.facets.items()
                },
                "messages": results.messages,
            }
        )
