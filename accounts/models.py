from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import CASEWORK_ROLES, Role


class User(AbstractUser):
    """A member of staff. Deactivate (``is_active=False``) rather than delete: history stays."""

    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email address"), blank=True)
    # Blank: the browser's language (Accept-Language), as for a visitor who is not signed in.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )

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
    def is_outside_counsel(self) -> bool:
        """A pro bono lawyer: client files only through an AccessGrant, legal records only."""
        return self.has_role(Role.OUTSIDE_COUNSEL)

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


class AccessGrant(models.Model):
    """Access to one client outside the normal rules, for a limited time, always audited.

    * Break the glass: a caseworker covering for a colleague opens a client outside their
      scope by stating why; it lasts BREAK_GLASS_HOURS and the supervisors are told.
    * Outside counsel: a supervisor lets a pro bono lawyer see one client's legal records
      until an end date; revocable at once.
    """

    class Kind(models.TextChoices):
        BREAK_GLASS = "break_glass", _("Emergency access (break the glass)")
        OUTSIDE_COUNSEL = "outside_counsel", _("Outside counsel")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_grants")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="access_grants"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    reason = models.TextField(_("reason"))
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="grant_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["user", "ends_at"], name="grant_user_active_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user} on {self.client_id}"

    def get_additional_data(self) -> dict:
        return {"client_id": self.client_id}

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and self.starts_at <= now < self.ends_at
