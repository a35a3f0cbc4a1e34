from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from reviews.models import (
    Assignment,
    CaseComment,
    ConflictOfInterest,
    Criterion,
    Decision,
    Relationship,
    Review,
    ReviewCase,
    ReviewerProfile,
    ReviewScore,
    Rubric,
    RubricLevel,
)


class RelationshipInline(admin.TabularInline):
    model = Relationship
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "state", "organization", "max_load", "public_directory", "applied_at"]
    list_filter = ["state", "public_directory"]
    search_fields = ["user__email", "user__full_name", "bio"]
    autocomplete_fields = ["user", "organization"]
    filter_horizontal = ["themes", "exploitation_forms", "regions"]
    inlines = [RelationshipInline]


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0


class RubricLevelInline(TranslationTabularInline):
    model = RubricLevel
    extra = 0


@admin.register(Rubric)
class RubricAdmin(TabbedTranslationAdmin):
    list_display = ["name", "kind", "is_default", "scale_min", "scale_max"]
    list_filter = ["kind"]
    inlines = [CriterionInline, RubricLevelInline]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["reviewer", "invited_by"]


@admin.register(ReviewCase)
class ReviewCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "state", "round", "language", "blind_mode", "created_at"]
    list_filter = ["owner", "state", "blind_mode", "language"]
    search_fields = ["title"]
    autocomplete_fields = ["organization", "submitter"]
    filter_horizontal = ["countries", "themes", "exploitation_forms"]
    inlines = [AssignmentInline]


class ReviewScoreInline(admin.TabularInline):
    model = ReviewScore
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["assignment", "state", "recommendation", "score", "is_late", "submitted_at"]
    list_filter = ["state", "recommendation", "is_late"]
    inlines = [ReviewScoreInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["case", "reviewer", "round", "due", "state"]
    list_filter = ["state"]
    search_fields = ["case__title", "reviewer__email"]
    autocomplete_fields = ["case", "reviewer", "invited_by"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "organization", "case", "kind", "created_at"]
    list_filter = ["kind"]
    autocomplete_fields = ["reviewer", "organization", "case"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["case", "round", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    autocomplete_fields = ["case", "decided_by"]


@admin.register(CaseComment)
class CaseCommentAdmin(admin.ModelAdmin):
    list_display = ["case", "author", "created_at"]
    search_fields = ["case__title", "body"]
    autocomplete_fields = ["case", "author"]
