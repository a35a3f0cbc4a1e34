from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from reviews.models import Assignment, BlindMode, Criterion, Review, ReviewCase, Rubric, RubricLevel
from reviews.permissions import can_manage_case
from reviews.selectors import case_scores, reviewer_suggestions
from reviews.services.assignments import assignment_accept, assignment_create, assignment_decline
from reviews.services.decisions import decision_make
from reviews.services.reviewing import review_save


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "slug", "label", "help_text", "weight", "allow_na"]


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricLevel
        fields = ["value", "description"]


class RubricSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    levels = LevelSerializer(many=True, read_only=True)

    class Meta:
        model = Rubric
        fields = ["id", "slug", "name", "scale_min", "scale_max", "criteria", "levels"]


class ReviewerCaseSerializer(serializers.ModelSerializer):
    """What a reviewer sees of a case: never the submitter in double-blind mode."""

    organisation = serializers.SerializerMethodField()
    rubric = RubricSerializer(read_only=True)

    class Meta:
        model = ReviewCase
        fields = ["id", "title", "language", "round", "version_label", "blind_mode", "organisation", "rubric"]

    def get_organisation(self, case) -> str | None:
        if case.blind_mode == BlindMode.DOUBLE or case.organization is None:
            return None
        return case.organization.name


class AssignmentSerializer(serializers.ModelSerializer):
    case = ReviewerCaseSerializer(read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "case", "round", "due", "state", "decline_reason", "invited_at", "responded_at"]


class ReviewInputSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.JSONField(), allow_empty=True)
    recommendation = serializers.CharField(allow_blank=True, required=False, default="")
    comments_to_author = serializers.CharField(allow_blank=True, required=False, default="")
    confidential_comments = serializers.CharField(allow_blank=True, required=False, default="")
    draft = serializers.BooleanField(required=False, default=False)


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.SerializerMethodField()
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "reviewer",
            "state",
            "recommendation",
            "scores",
            "score",
            "comments_to_author",
            "confidential_comments",
            "version_label",
            "is_late",
            "submitted_at",
        ]

    def get_reviewer(self, review) -> dict:
        user = review.assignment.reviewer
        return {"id": user.pk, "name": user.get_full_name()}

    def get_scores(self, review) -> dict:
        return {str(score.criterion_id): score.value for score in review.scores.all()}


class ManagerAssignmentSerializer(serializers.ModelSerializer):
    reviewer = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "reviewer", "round", "due", "state", "decline_reason"]

    def get_reviewer(self, assignment) -> dict:
        return {"id": assignment.reviewer_id, "name": assignment.reviewer.get_full_name()}


class AssignmentInputSerializer(serializers.Serializer):
    reviewer = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    due = serializers.DateField()


class DecisionInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["accept", "revise", "reject"])
    letter = serializers.CharField(required=False, allow_blank=True, default="")
    force_note = serializers.CharField(required=False, allow_blank=True, default="")


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in reviewer's own assignments."""

    lookup_value_regex = r"\d+"
    serializer_class = AssignmentSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        if self.action in ("accept", "decline", "review"):
            # Acting on someone else's assignment is refused (403 from the service), not hidden.
            return Assignment.objects.select_related("case__rubric")
        return (
            Assignment.objects.filter(reviewer=self.request.user)
            .select_related("case__organization", "case__rubric")
            .prefetch_related("case__rubric__criteria", "case__rubric__levels")
            .order_by("state", "due", "pk")
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        assignment = assignment_accept(assignment=self.get_object(), actor=request.user)
        return Response(AssignmentSerializer(assignment).data)

    @extend_schema(request=inline_serializer("DeclineInput", {"reason": serializers.CharField()}))
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        assignment = assignment_decline(
            assignment=self.get_object(), actor=request.user, reason=str(request.data.get("reason", ""))
        )
        return Response(AssignmentSerializer(assignment).data)

    @extend_schema(request=ReviewInputSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        review = review_save(
            assignment=self.get_object(),
            actor=request.user,
            scores=values["scores"],
            recommendation=values["recommendation"],
            comments_to_author=values["comments_to_author"],
            confidential_comments=values["confidential_comments"],
            submit=not values["draft"],
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_200_OK if values["draft"] else 201)


class ReviewCaseViewSet(viewsets.GenericViewSet):
    """Cases as their editors (practices) or grant managers (proposals) see them."""

    lookup_value_regex = r"\d+"

    permission_classes = [IsAuthenticated]
    queryset = ReviewCase.objects.select_related("rubric")
    filter_backends = []
    serializer_class = ReviewerCaseSerializer

    def get_case(self) -> ReviewCase:
        case = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not can_manage_case(self.request.user, case):
            raise PermissionDenied()
        return case

    @extend_schema(responses=inline_serializer("ReviewCaseDetail", {"id": serializers.IntegerField()}))
    def retrieve(self, request, pk=None):
        case = self.get_case()
        scores = case_scores(case)
        assignments = case.assignments.filter(round=case.round).select_related("reviewer")
        reviews = (
            Review.objects.filter(pk__in=[review.pk for review in scores.reviews])
            .select_related("assignment__reviewer")
            .prefetch_related("scores")
        )
        return Response(
            {
                "id": case.pk,
                "title": case.title,
                "state": case.state,
                "round": case.round,
                "language": case.language,
                "blind_mode": case.blind_mode,
                "rubric": RubricSerializer(case.rubric).data,
                "assignments": ManagerAssignmentSerializer(assignments, many=True).data,
                "reviews": ReviewSerializer(reviews, many=True).data,
                "mean_score": scores.mean,
                "calibrated_score": scores.calibrated,
                "disagreement": scores.disagreement,
            }
        )

    @extend_schema(responses=inline_serializer("Suggestions", {"results": serializers.ListField()}))
    @action(detail=True, methods=["get"])
    def suggestions(self, request, pk=None):
        case = self.get_case()
        return Response(
            {
                "results": [
                    {
                        "reviewer": {"id": s.reviewer.pk, "name": s.reviewer.get_full_name()},
                        "score": round(s.score, 3),
                        "reasons": s.reasons,
                        "open_load": s.open_load,
                        "max_load": s.max_load,
                    }
                    for s in reviewer_suggestions(case)
                ]
            }
        )

    @extend_schema(request=AssignmentInputSerializer, responses=ManagerAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def assignments(self, request, pk=None):
        case = self.get_case()
        data = AssignmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = assignment_create(
            case=case, reviewer=data.validated_data["reviewer"], due=data.validated_data["due"], actor=request.user
        )
        return Response(ManagerAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DecisionInputSerializer, responses=inline_serializer("DecisionOut", {"id": serializers.IntegerField()})
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        case = self.get_case()
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = decision_make(case=case, actor=request.user, **data.validated_data)
        return Response(
            {"id": decision.pk, "outcome": decision.outcome, "round": decision.round}, status=status.HTTP_201_CREATED
        )
