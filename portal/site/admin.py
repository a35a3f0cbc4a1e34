from django.contrib import admin

from portal.site.models import FeaturedPractice


@admin.register(FeaturedPractice)
class FeaturedPracticeAdmin(admin.ModelAdmin):
    list_display = ["practice", "position", "added_at"]
    list_editable = ["position"]
    raw_id_fields = ["practice"]
