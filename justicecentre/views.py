"""Pages that belong to no single app: the dashboard and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.selectors import my_deadlines_grouped
from clients.selectors import my_clients, recent_notes_by


@require_GET
def dashboard(request):
    user = request.user
    clients = list(my_clients(user)[:50]) if user.does_casework else []
    # My own notes, on clients I may still open: after a reassignment the file is gone
    # from my scope, and so is its link here (it would only answer 404).
    recent_notes = recent_notes_by(user) if user.does_casework else []
    context = {"clients": clients, "recent_notes": recent_notes}
    if user.does_casework:
        context["my_deadlines"] = my_deadlines_grouped(user, include_later=False)
        # Saves the navigation badge its own query.
        context["overdue_deadline_count"] = len(context["my_deadlines"].overdue)
    return render(request, "dashboard.html", context)


@require_GET
@never_cache
@login_not_required
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
