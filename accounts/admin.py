from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import StaffChangeForm, StaffCreationForm
from .models import Team, User
from .twofactor import two_factor_reset


class TeamMembershipInline(admin.TabularInline):
    model = Team.members.through
    extra = 0
    verbose_name = _("team membership")
    verbose_name_plural = _("team memberships")
    autocomplete_fields = ["team"]


@admin.register(User)
class StaffAdmin(DjangoUserAdmin):
    """Staff management: create, set roles and teams, deactivate, reset passwords.

    Staff are deactivated, never deleted, so their casework history keeps its author.
    """

    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ["username", "full_name", "email", "roles", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "teams"]
    search_fields = ["username", "full_name", "email"]
    ordering = ["full_name"]
    inlines = [TeamMembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email")}),
        (
            _("Access"),
            {
                "fields": ("is_active", "groups"),
                "description": _(
                    "Roles decide what a person can do. Untick 'active' to deactivate an "
                    "account: the person can no longer sign in and their history is kept."
                ),
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ("groups",)
    readonly_fields = ["last_login", "date_joined"]
    actions = ["deactivate", "reset_two_factor"]

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(g.name for g in obj.groups.all()))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_inlines(self, request, obj):
        # Teams are set once the account exists, as for roles.
        return self.inlines if obj else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Deactivate the selected staff"))
    def deactivate(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(request, _("%(count)d account(s) deactivated.") % {"count": count})

    @admin.action(description=_("Reset two-factor sign-in (they enrol again)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            two_factor_reset(user=user)
        self.message_user(
            request,
            _("Two-factor sign-in reset for %(count)d account(s).") % {"count": len(queryset)},
        )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "supervisor_names", "member_count"]
    search_fields = ["name"]
    filter_horizontal = ["members", "supervisors"]

    @admin.display(description=_("supervisors"))
    def supervisor_names(self, obj: Team) -> str:
        return ", ".join(str(u) for u in obj.supervisors.all())

    @admin.display(description=_("members"))
    def member_count(self, obj: Team) -> int:
        return obj.members.count()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("supervisors", "members")
