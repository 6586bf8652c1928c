"""A new assignment made by someone else tells the worker (in the app and by email).

Whoever makes the assignment (the client page's "Assign", the intake queue, a
reassignment), the worker concerned hears of it. Bulk moves and imports hold these
notices and send one summary instead (`notifications.assignment_notices_held`).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from clients.models import ClientAssignment

from .notifications import assignment_notices_are_held, tell_about_assignment


@receiver(post_save, sender=ClientAssignment, dispatch_uid="supervision_assignment_notice")
def assignment_made(sender, instance: ClientAssignment, created: bool, **kwargs) -> None:
    if not created or kwargs.get("raw") or assignment_notices_are_held():
        return
    if instance.worker_id == instance.assigned_by_id:
        return  # taking a client on oneself needs no notice
    tell_about_assignment(instance)
