from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import CASEWORK_ROLES, Role


class User(AbstractUser):
    """A member of staff. Deactivate (``is_active=False``) rather than delete: history stays."""

    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email address"), blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username

    # Roles are read once per request-bound user object: templates and the access
    # policy ask many times per page.
    @cached_property
    def role_names(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return role in self.role_names

    @property
    def is_legal_caseworker(self) -> bool:
        return self.has_role(Role.LEGAL)

    @property
    def is_psychosocial_caseworker(self) -> bool:
        return self.has_role(Role.PSYCHOSOCIAL)

    @property
    def is_supervisor(self) -> bool:
        return self.has_role(Role.SUPERVISOR)

    @property
    def is_admin_role(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def does_casework(self) -> bool:
        """Only casework roles open client files; the Admin role alone does not."""
        return bool(self.role_names & CASEWORK_ROLES)

    @property
    def is_caseworker(self) -> bool:
        return self.is_legal_caseworker or self.is_psychosocial_caseworker


class Team(models.Model):
    """A group of caseworkers and the supervisors who oversee their caseload."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    members = models.ManyToManyField(
        User, related_name="teams", blank=True, verbose_name=_("members")
    )
    supervisors = models.ManyToManyField(
        User, related_name="supervised_teams", blank=True, verbose_name=_("supervisors")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:accounts_team_change", args=[self.pk])
