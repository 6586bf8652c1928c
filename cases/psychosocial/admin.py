"""Psychosocial records in the Django admin: read-only, need to know.

Only psychosocial caseworkers and supervisors get in (legal caseworkers have no
permission on these models, and are refused here too), and the rows are those of the
clients whose psychosocial record the person may read.
"""

from django.contrib import admin

from clients.admin import ClientDataAdmin

from .models import (
    Assessment,
    ClientRiskFlag,
    PsychosocialSession,
    RiskAssessment,
    SessionAttendance,
)
from .selectors import psychosocial_clients_for


class PsychosocialDataAdmin(ClientDataAdmin):
    def get_queryset(self, request):
        visible = psychosocial_clients_for(request.user).values("pk")
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset.filter(**{f"{self.client_path}__in": visible})

    def _need_to_know(self, request) -> bool:
        user = request.user
        return user.is_supervisor or user.is_psychosocial_caseworker

    def has_module_permission(self, request) -> bool:
        return self._need_to_know(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._need_to_know(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AttendanceInline(admin.TabularInline):
    model = SessionAttendance
    extra = 0
    fields = ["client", "attendance", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        # A group session's other participants show only where the reader holds them.
        visible = psychosocial_clients_for(request.user).values("pk")
        return super().get_queryset(request).filter(client__in=visible)


@admin.register(PsychosocialSession)
class PsychosocialSessionAdmin(PsychosocialDataAdmin):
    list_display = ["date", "kind", "modality", "minutes", "worker"]
    list_filter = ["kind", "modality"]
    list_select_related = ["worker"]
    inlines = [AttendanceInline]
    show_full_result_count = False

    def get_queryset(self, request):
        # A session reaches its clients through attendance; one row per session.
        visible = psychosocial_clients_for(request.user).values("pk")
        queryset = admin.ModelAdmin.get_queryset(self, request)
        sessions = SessionAttendance.objects.filter(client__in=visible).values("session")
        return queryset.filter(pk__in=sessions)


@admin.register(Assessment)
class AssessmentAdmin(PsychosocialDataAdmin):
    list_display = ["client", "instrument", "taken_on", "total", "band", "recorded_by"]
    list_filter = ["instrument"]
    search_fields = ["client__reference"]
    list_select_related = ["client", "recorded_by"]
    show_full_result_count = False


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(PsychosocialDataAdmin):
    list_display = ["client", "assessed_on", "level", "assessed_by"]
    list_filter = ["level"]
    search_fields = ["client__reference"]
    list_select_related = ["client", "assessed_by"]
    show_full_result_count = False


@admin.register(ClientRiskFlag)
class ClientRiskFlagAdmin(PsychosocialDataAdmin):
    list_display = ["client", "flagged", "reason", "level", "raised_on", "cleared_at"]
    list_filter = ["flagged", "reason"]
    search_fields = ["client__reference"]
    list_select_related = ["client"]
    show_full_result_count = False
