"""The client list's search, filters and sort, validated so bad input never errors."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .forms import assignable_workers
from .models import Client, Vulnerability
from .selectors import client_search

SORTS = {
    "name": ("family_name", "given_name", "pk"),
    "-name": ("-family_name", "-given_name", "-pk"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "intake": ("intake_date", "pk"),
    "-intake": ("-intake_date", "-pk"),
    "nationality": ("nationality", "family_name", "pk"),
    "-nationality": ("-nationality", "family_name", "pk"),
}


def country_choices() -> list[tuple[str, str]]:
    return list(countries)


class ClientFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, alias, reference, file number or phone")}
        ),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Client.Status.choices)
    # A callable: the shared `countries` caches its translated, sorted list per language,
    # which a copy made for each form would build again (250 translations per request).
    nationality = django_filters.ChoiceFilter(label=_("Nationality"), choices=country_choices)
    worker = django_filters.ModelChoiceFilter(
        label=_("Assigned worker"), queryset=assignable_workers(), method="filter_worker"
    )
    vulnerability = django_filters.ModelChoiceFilter(
        label=_("Vulnerability"),
        field_name="vulnerabilities",
        queryset=Vulnerability.objects.all(),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_by",
        empty_label=None,
        choices=[
            ("name", _("Name A-Z")),
            ("-name", _("Name Z-A")),
            ("reference", _("Reference")),
            ("-reference", _("Reference, newest first")),
            ("-intake", _("Intake, newest first")),
            ("intake", _("Intake, oldest first")),
            ("nationality", _("Nationality")),
        ],
    )

    class Meta:
        model = Client
        fields = ["q", "status", "nationality", "worker", "vulnerability", "sort"]

    def search(self, queryset, name, value):
        return client_search(queryset, value)

    def filter_worker(self, queryset, name, value):
        return queryset.filter(
            assignments__worker=value, assignments__ended_on__isnull=True
        ).distinct()

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))
