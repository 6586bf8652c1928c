"""The one hook into another app's writes: a new lead takes over the open deadlines.

A deadline assigned to a caseworker who has left the case would reach nobody (they no
longer see the client, so neither their list nor their reminders show it).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from clients.models import ClientAssignment

from .services import deadlines_follow_lead


@receiver(post_save, sender=ClientAssignment, dispatch_uid="cases_deadlines_follow_lead")
def lead_changed(sender, instance: ClientAssignment, created: bool, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if instance.role == ClientAssignment.Role.LEAD and instance.ended_on is None:
        # Same transaction as the assignment: assignment_add has already ended the old lead.
        deadlines_follow_lead(client=instance.client)
