from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from grants.models import (
    BudgetLine,
    ExpectedResult,
    Grant,
    GrantCall,
    Proposal,
    ProposalAttachment,
    Report,
    ScreeningItem,
    Tranche,
)


@admin.register(GrantCall)
class GrantCallAdmin(TabbedTranslationAdmin):
    list_display = ["title", "programme_type", "budget", "currency", "opens", "closes"]
    list_filter = ["programme_type"]
    search_fields = ["title"]
    filter_horizontal = ["themes", "eligible_countries"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine


class ExpectedResultInline(ReadOnlyInline):
    model = ExpectedResult


class AttachmentInline(ReadOnlyInline):
    model = ProposalAttachment


class ScreeningInline(ReadOnlyInline):
    model = ScreeningItem


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read-only: every change of state goes through the services (and leaves an audit trail)."""

    list_display = ["title", "call", "organization", "state", "requested_amount", "submitted_at"]
    list_filter = ["state", "call"]
    search_fields = ["title", "organization__name"]
    inlines = [BudgetLineInline, ExpectedResultInline, AttachmentInline, ScreeningInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Proposal._meta.fields] + ["countries", "exploitation_forms", "target_groups"]


class TrancheInline(admin.TabularInline):
    model = Tranche
    extra = 0
    readonly_fields = ["number", "amount", "paid_on", "paid_by"]

    def has_add_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ["kind", "due_date", "state", "submitted_at", "reviewed_at"]
    readonly_fields = ["state", "submitted_at", "reviewed_at"]


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    """Due dates of tranches and reports can be adjusted here; amounts and awards cannot."""

    list_display = ["proposal", "organization", "amount", "currency", "state", "starts", "ends"]
    list_filter = ["state", "call"]
    readonly_fields = ["proposal", "call", "organization", "amount", "currency", "state", "awarded_by", "awarded_at"]
    inlines = [TrancheInline, ReportInline]
