from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from resources.models import Resource, ResourceFile


class ResourceFileInline(admin.TabularInline):
    model = ResourceFile
    extra = 0
    readonly_fields = ["file_kind", "original_name", "size", "added_by"]


@admin.register(Resource)
class ResourceAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "kind", "state", "original_language", "published_at"]
    list_filter = ["state", "kind", "original_language"]
    readonly_fields = ["state", "review_case", "submitted_by", "published_at", "submitted_at"]
    inlines = [ResourceFileInline]
