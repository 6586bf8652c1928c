"""Reference data the Admin role keeps: services, partner organisations, interpreters.

Referrals, screenings and interpreter bookings are client data, written through the app
and its access policy; they have no admin pages.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Interpreter, PartnerContact, PartnerOrganisation, Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "active"]
    list_filter = ["active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 1


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "service_list", "languages", "phone", "active"]
    list_filter = ["active", "services"]
    search_fields = ["name", "languages", "address", "notes", "contacts__name"]
    filter_horizontal = ["services"]
    inlines = [PartnerContactInline]
    fieldsets = (
        (None, {"fields": ("name", "services", "languages", "active")}),
        (_("Reaching them"), {"fields": ("address", "phone", "email", "website")}),
        (_("Notes"), {"fields": ("notes",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("services")

    @admin.display(description=_("services"))
    def service_list(self, obj: PartnerOrganisation) -> str:
        return ", ".join(s.name for s in obj.services.all())

    def has_delete_permission(self, request, obj=None) -> bool:
        # Partners with referrals are kept for history: deactivate them instead.
        if obj is not None and obj.referrals.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    list_display = ["name", "languages", "dialects", "gender", "undertaking", "active"]
    list_filter = ["active", "gender"]
    search_fields = ["name", "languages", "dialects"]

    @admin.display(description=_("confidentiality undertaking"), ordering="undertaking_signed_on")
    def undertaking(self, obj: Interpreter) -> str:
        if obj.undertaking_signed_on is None:
            return str(_("MISSING"))
        return str(obj.undertaking_signed_on)
