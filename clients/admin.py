from django.contrib import admin

from .access import clients_visible_to
from .models import Client, ClientAlias, Vulnerability


@admin.register(Vulnerability)
class VulnerabilityAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


class ClientAliasInline(admin.TabularInline):
    model = ClientAlias
    extra = 0


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    """Client records in the admin obey the same access policy as the app.

    Being staff or superuser opens nothing here: the queryset is the user's visible set,
    so an account without a casework role sees an empty list and a 404 for any record.
    """

    list_display = ["reference", "family_name", "given_name", "nationality", "status", "intake_date"]
    list_filter = ["status", "immigration_status"]
    search_fields = ["reference", "family_name", "given_name", "immd_file_number", "aliases__name"]
    readonly_fields = ["reference", "created_by", "created_at", "updated_at"]
    inlines = [ClientAliasInline]
    list_per_page = 25
    show_full_result_count = False

    def get_queryset(self, request):
        return clients_visible_to(request.user)

    def has_module_permission(self, request) -> bool:
        return request.user.does_casework and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.does_casework and super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        # Intake goes through the app, which runs the duplicate check and records consent.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
