"""The yardstick `make bench` measures every page against (BENCHMARK_BASELINE only).

It passes through the same middleware as a real page (session, sign-in, two-factor,
audit) and then does one trivial query and renders a tiny template, so a page's
throughput as a share of this one says what the page itself costs.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clients.models import Vulnerability


@require_GET
def baseline(request: HttpRequest) -> HttpResponse:
    first = Vulnerability.objects.order_by("pk").values_list("name", flat=True).first()
    return render(request, "benchmark/baseline.html", {"first": first})
