"""Keep `is_staff` (entry to the Django admin) in step with the Admin role."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import User
from .roles import Role


@receiver(m2m_changed, sender=User.groups.through)
def sync_admin_site_access(sender, instance, action, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"} or not isinstance(instance, User):
        return
    is_admin = instance.groups.filter(name=Role.ADMIN).exists()
    instance.__dict__.pop("role_names", None)
    if instance.is_superuser or instance.is_staff == is_admin:
        return
    instance.is_staff = is_admin
    User.objects.filter(pk=instance.pk).update(is_staff=is_admin)
