from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from portal.taxonomy.api import KINDS


class ApiRootView(APIView):
    """Where to start: the endpoints of API v1, the OpenAPI schema and its documentation."""

    permission_classes = [AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        def link(name, **kwargs):
            return reverse(name, kwargs=kwargs, request=request)

        return Response(
            {
                "auth_token": link("api:token"),
                "me": link("api:me"),
                "taxonomy": {kind: link("api:taxonomy", kind=kind) for kind in KINDS},
                "schema": link("schema"),
                "docs": link("api-docs"),
            }
        )
