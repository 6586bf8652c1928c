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


class ClientDataAdmin(admin.ModelAdmin):
    """Base for every admin page of client data: the same access policy as the app.

    Being staff or even superuser opens nothing: without a casework role the pages are
    refused, and with one the rows are the user's visible set (`client_path` says how a
    row reaches its client).
    """

    client_path = "client"

    def get_queryset(self, request):
        visible = clients_visible_to(request.user)
        queryset = super().get_queryset(request)
        if self.client_path == "":
            return queryset.filter(pk__in=visible.values("pk"))
        return queryset.filter(**{f"{self.client_path}__in": visible.values("pk")})

    def has_module_permission(self, request) -> bool:
        return request.user.does_casework and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.does_casework and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.does_casework and super().has_change_permission(request, obj)

    def has_add_permission(self, request, *args) -> bool:
        # Client data is written through the app, which runs its checks and services.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Client)
class ClientAdmin(ClientDataAdmin):
    list_display = [
        "reference",
        "family_name",
        "given_name",
        "nationality",
        "status",
        "intake_date",
    ]
    list_filter = ["status", "immigration_status"]
    search_fields = ["reference", "family_name", "given_name", "immd_file_number", "aliases__name"]
    readonly_fields = ["reference", "created_by", "created_at", "updated_at"]
    inlines = [ClientAliasInline]
    list_per_page = 25
    show_full_result_count = False
    client_path = ""
