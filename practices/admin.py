from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from practices.models import (
    Attachment,
    Practice,
    PracticeCall,
    PracticeTranslation,
    PracticeVersion,
    SafeguardingFinding,
)


@admin.register(PracticeCall)
class PracticeCallAdmin(TabbedTranslationAdmin):
    list_display = ["title", "opens", "deadline", "blind_mode", "rubric"]
    list_filter = ["blind_mode"]
    search_fields = ["title"]
    filter_horizontal = ["themes"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "kind", "size", "file", "uploaded_by", "created_at"]
    readonly_fields = fields


class FindingInline(admin.TabularInline):
    model = SafeguardingFinding
    extra = 0
    fields = ["kind", "source", "excerpt", "version", "state", "cleared_by", "cleared_at"]
    readonly_fields = fields


class VersionInline(admin.TabularInline):
    model = PracticeVersion
    extra = 0
    fields = ["number", "submitted_by", "created_at"]
    readonly_fields = fields


class TranslationInline(admin.TabularInline):
    model = PracticeTranslation
    extra = 0
    fields = ["language", "translated_by", "translated_at"]
    readonly_fields = fields


@admin.register(Practice)
class PracticeAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "organization", "state", "original_language", "scope", "submitted_at", "published_at"]
    list_filter = ["state", "original_language", "scope", "implementation_status"]
    search_fields = ["title_en", "title_fr", "title_es", "organization__name"]
    autocomplete_fields = ["organization", "submitted_by", "call"]
    filter_horizontal = [
        "countries",
        "themes",
        "exploitation_forms",
        "target_groups",
        "sectors",
        "partner_organizations",
    ]
    # State moves only through the services (audited, notified); the admin shows it.
    readonly_fields = ["state", "review_case", "submitted_at", "published_at"]
    inlines = [VersionInline, TranslationInline, AttachmentInline, FindingInline]
