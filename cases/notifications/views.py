"""The signed-in person's own notifications. Someone else's is a 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clients.access import openable_client_ids

from . import selectors, services
from .models import Notification

PAGE_SIZE = 25


def _still_open(user, notifications) -> set[int]:
    """The notifications' clients `user` may still open: a client reassigned or closed
    since is no longer theirs, and its link would be a 404."""
    return openable_client_ids(user, (n.client_id for n in notifications if n.client_id))


@require_GET
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    still_open = _still_open(request.user, page.object_list)
    for notification in page.object_list:
        notification.out_of_scope = bool(
            notification.client_id and notification.client_id not in still_open
        )
    return render(
        request, "cases/notifications/notification_list.html", {"page": page, "query": ""}
    )


@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification)
    # "Open" marks it read and follows its link; "Mark read" stays on the list.
    target = notification.url if request.POST.get("open") else ""
    if target and notification.client_id and not _still_open(request.user, [notification]):
        messages.info(request, _("That client is no longer in your caseload."))
        return redirect("cases:notification_list")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("cases:notification_list")


@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications marked read."))
    return redirect("cases:notification_list")
