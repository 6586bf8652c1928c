"""Supervision records hold client data: the admin shows them only through the access
policy (clients.admin.ClientDataAdmin), read-only; they change in the app, through services."""

from django.contrib import admin

from clients.admin import ClientDataAdmin

from .models import ClientReopening, ClosureRequest, Reassignment


class ReadOnlyClientDataAdmin(ClientDataAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ClosureRequest)
class ClosureRequestAdmin(ReadOnlyClientDataAdmin):
    list_display = ["client", "status", "outcome", "requested_by", "requested_at", "decided_by"]
    list_filter = ["status", "outcome"]


@admin.register(ClientReopening)
class ClientReopeningAdmin(ReadOnlyClientDataAdmin):
    list_display = ["client", "reopened_by", "reopened_at"]


@admin.register(Reassignment)
class ReassignmentAdmin(ReadOnlyClientDataAdmin):
    list_display = ["client", "from_worker", "to_worker", "role", "by", "at"]
