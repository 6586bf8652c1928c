"""Search and filters of the referral pages, validated so bad input never errors."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Gender, PartnerOrganisation, Referral, Service
from .selectors import partner_matching


class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Referral.Status.choices)
    direction = django_filters.ChoiceFilter(
        label=_("Direction"), choices=Referral.Direction.choices
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"), queryset=PartnerOrganisation.objects.all()
    )
    service = django_filters.ModelChoiceFilter(label=_("Service"), queryset=Service.objects.all())

    class Meta:
        model = Referral
        fields = ["status", "direction", "partner", "service"]


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Name, service, language, district")}),
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Service"), queryset=Service.objects.filter(active=True), method="by_service"
    )
    language = django_filters.CharFilter(label=_("Language"), method="by_language")
    inactive = django_filters.BooleanFilter(
        label=_("Include inactive partners"),
        method="include_inactive",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = PartnerOrganisation
        fields = ["q", "service", "language", "inactive"]

    def search(self, queryset, name, value):
        return partner_matching(queryset, value[:200])

    def by_service(self, queryset, name, value):
        return queryset.filter(pk__in=value.partners.values("pk"))

    def by_language(self, queryset, name, value):
        return queryset.filter(languages__icontains=value.strip()[:100])

    def include_inactive(self, queryset, name, value):
        return queryset if value else queryset.filter(active=True)


class InterpreterFilter(django_filters.FilterSet):
    language = django_filters.CharFilter(label=_("Language or dialect"), method="by_language")
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices)

    def by_language(self, queryset, name, value):
        value = value.strip()[:100]
        return queryset.filter(languages__icontains=value) | queryset.filter(
            dialects__icontains=value
        )
