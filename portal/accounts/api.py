from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.accounts.models import User
from portal.accounts.throttle import client_ip, login_failed, login_locked, login_succeeded
from portal.accounts.twofactor import two_factor_enabled, two_factor_required, two_factor_verify


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text=_("The current code of an account with two-factor sign-in (or one of its backup codes)."),
    )

    def validate(self, attrs):
        request = self.context.get("request")
        ip = client_ip(request) if request else None
        if login_locked(attrs["email"], ip):
            raise Throttled(
                detail=_("Too many failed attempts: this account is locked for %(minutes)s minutes.")
                % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}
            )
        user = authenticate(request=request, username=attrs["email"], password=attrs["password"])
        if user is None:
            login_failed(attrs["email"], ip)
            raise serializers.ValidationError(
                {"detail": _("Unable to log in with the e-mail address and password provided.")}, code="authorization"
            )
        login_succeeded(attrs["email"])
        self._check_second_factor(user, attrs.get("otp", ""), ip)
        attrs["user"] = user
        return attrs

    def _check_second_factor(self, user, code, ip):
        if not two_factor_enabled(user):
            if two_factor_required(user):
                raise serializers.ValidationError(
                    {"otp": _("Your role requires two-factor sign-in: set it up on your profile page first.")},
                    code="two_factor_setup_required",
                )
            return
        if not code:
            raise serializers.ValidationError(
                {"otp": _("This account uses two-factor sign-in: send the current code in the “otp” field.")},
                code="two_factor_required",
            )
        if login_locked(user.email, ip, step="otp"):
            raise Throttled(
                detail=_("Too many failed attempts: this account is locked for %(minutes)s minutes.")
                % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}
            )
        if two_factor_verify(user=user, code=code) is None:
            login_failed(user.email, ip, step="otp")
            raise serializers.ValidationError({"otp": _("This code is not correct.")}, code="invalid_otp")
        login_succeeded(user.email, step="otp")


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    organisation = serializers.SerializerMethodField()
    country = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "roles", "organisation", "preferred_language", "country"]

    def get_organisation(self, user) -> dict | None:
        membership = user.memberships.select_related("organization__country").order_by("created_at").first()
        if membership is None:
            return None
        organization = membership.organization
        return {
            "id": organization.pk,
            "name": organization.name,
            "kind": organization.kind,
            "country": organization.country.code,
            "verified": organization.is_verified,
            "role": membership.role,
        }


class TokenView(APIView):
    """Exchange an e-mail address and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = TokenRequestSerializer
    error_status_codes = ["429"]  # locked after repeated failures (portal.accounts.throttle)

    @extend_schema(responses=inline_serializer("Token", {"token": serializers.CharField()}))
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = User.objects.prefetch_related("groups").get(pk=request.user.pk)
        return Response(MeSerializer(user).data)
