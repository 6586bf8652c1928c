from django.contrib import admin, messages
from django.utils.translation import gettext as _

from clients.admin import ClientDataAdmin

from . import services
from .models import (
    ClaimEvent,
    ClosureDay,
    Deadline,
    DeadlineRule,
    LegalAidApplication,
    ProtectionClaim,
    ReportingCondition,
)

# -- reference data (the Admin role edits these) -------------------------------------------


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["title", "trigger", "period", "unit", "legal_source", "verified", "active"]
    list_filter = ["trigger", "verified", "active"]
    search_fields = ["title", "legal_source", "description"]
    readonly_fields = ["code"]

    def get_readonly_fields(self, request, obj=None):
        # The code ties a seeded rule to its migration; a new rule needs one once.
        return ["code"] if obj else []

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deadlines point at their rule: retire a rule by unticking "active".
        return False


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason", "note"]
    list_filter = ["reason"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("date") if change else None
        moved = services.closure_day_save(closure=obj, previous_date=previous)
        if moved:
            messages.info(request, _("%(n)d open deadlines were recomputed.") % {"n": moved})

    def delete_model(self, request, obj):
        services.closure_day_delete(closure=obj)

    def delete_queryset(self, request, queryset):
        for closure in queryset:
            services.closure_day_delete(closure=closure)


# -- client data: read-only here; the app's forms keep deadlines in step -----------------


class ReadOnlyClientDataAdmin(ClientDataAdmin):
    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    extra = 0
    fields = ["date", "kind", "note", "recorded_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProtectionClaim)
class ProtectionClaimAdmin(ReadOnlyClientDataAdmin):
    list_display = ["client", "claim_number", "made_on", "stage", "outcome"]
    list_filter = ["stage", "outcome"]
    search_fields = ["claim_number", "client__reference"]
    list_select_related = ["client"]
    inlines = [ClaimEventInline]
    show_full_result_count = False


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyClientDataAdmin):
    client_path = "claim__client"
    list_display = ["claim", "kind", "date", "recorded_by"]
    list_filter = ["kind"]
    list_select_related = ["claim__client", "recorded_by"]
    show_full_result_count = False


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyClientDataAdmin):
    list_display = ["title", "client", "due_on", "assignee", "source", "done_at", "voided_at"]
    list_filter = ["source", "rule"]
    search_fields = ["title", "client__reference"]
    list_select_related = ["client", "assignee"]
    date_hierarchy = "due_on"
    show_full_result_count = False


@admin.register(LegalAidApplication)
class LegalAidApplicationAdmin(ReadOnlyClientDataAdmin):
    list_display = ["client", "scheme", "stage", "applied_on", "decision", "decided_on"]
    list_filter = ["scheme", "stage", "decision", "refusal_ground"]
    search_fields = ["reference", "lawyer", "client__reference"]
    list_select_related = ["client"]
    show_full_result_count = False


@admin.register(ReportingCondition)
class ReportingConditionAdmin(ReadOnlyClientDataAdmin):
    list_display = ["client", "office", "first_report_on", "interval_weeks", "ended_on"]
    search_fields = ["office", "client__reference"]
    list_select_related = ["client"]
    show_full_result_count = False


# Psychosocial records: need to know, in their own module.
from .psychosocial import admin as psychosocial_admin  # noqa: E402, F401
