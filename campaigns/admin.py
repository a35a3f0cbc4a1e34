from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from campaigns.models import AwarenessDay, Campaign, CampaignPartner, Event, Material, MaterialVersion, ReachFigure


@admin.register(AwarenessDay)
class AwarenessDayAdmin(TabbedTranslationAdmin):
    list_display = ["name", "day", "month", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class PartnerInline(admin.TabularInline):
    model = CampaignPartner
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "role", "state", "requested_by", "requested_at", "decided_by", "decided_at"]
    # Requests are decided through the services (audited, the requester notified); the admin shows them.
    readonly_fields = ["state", "requested_by", "requested_at", "decided_by", "decided_at"]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["kind", "title", "licence"]
    show_change_link = True


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ["title", "kind", "starts", "ends", "place", "country", "participants"]
    autocomplete_fields = ["country"]


class ReachInline(admin.TabularInline):
    model = ReachFigure
    extra = 0
    fields = ["metric", "value", "country", "period_start", "period_end", "source", "recorded_by"]
    readonly_fields = ["recorded_by"]


@admin.register(Campaign)
class CampaignAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "lead_organization", "starts", "ends", "published", "original_language"]
    list_filter = ["published", "original_language"]
    search_fields = ["name_en", "name_fr", "name_es", "hashtag"]
    autocomplete_fields = ["lead_organization", "created_by"]
    filter_horizontal = ["countries", "regions", "themes", "awareness_days"]
    readonly_fields = ["published", "published_at"]
    inlines = [PartnerInline, MaterialInline, EventInline, ReachInline]


class VersionInline(admin.TabularInline):
    model = MaterialVersion
    extra = 0
    fields = ["language", "title", "file", "url", "file_kind", "size", "download_count"]
    readonly_fields = ["file", "file_kind", "size", "download_count"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "campaign", "licence"]
    list_filter = ["kind", "licence"]
    search_fields = ["title"]
    inlines = [VersionInline]
