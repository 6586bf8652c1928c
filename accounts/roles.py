"""Staff roles. A role is a Django group; a person may hold several.

The group names are the users' words and are created by a data migration
(``accounts/migrations/0002_create_role_groups.py``) with their permissions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEGAL = "Legal caseworker", _("Legal caseworker")
    PSYCHOSOCIAL = "Psychosocial caseworker", _("Psychosocial caseworker")
    SUPERVISOR = "Supervisor", _("Supervisor")
    ADMIN = "Admin", _("Admin")
    OUTSIDE_COUNSEL = "Outside counsel", _("Outside counsel")


CASEWORK_ROLES = frozenset({Role.LEGAL, Role.PSYCHOSOCIAL, Role.SUPERVISOR})
