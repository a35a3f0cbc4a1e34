from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from portal.taxonomy.models import Country, ExploitationForm, Region, Sector, TargetGroup, Theme


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "m49", "parent", "slug"]
    list_filter = ["parent"]
    search_fields = ["name", "slug", "m49"]


@admin.register(Country)
class CountryAdmin(TabbedTranslationAdmin):
    list_display = ["code", "name", "subregion"]
    list_filter = ["subregion__parent", "subregion"]
    search_fields = ["code", "name"]
    list_select_related = ["subregion"]


@admin.register(Theme)
class ThemeAdmin(TabbedTranslationAdmin):
    list_display = ["name", "parent", "slug", "position"]
    list_filter = ["parent"]
    search_fields = ["name", "slug"]


@admin.register(ExploitationForm, TargetGroup, Sector)
class TermAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
