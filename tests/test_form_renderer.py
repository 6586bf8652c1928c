"""justicecentre/forms.py writes <select>s in Python: the markup must be Django's, byte for
byte, including selection, several values, option groups, escaping and boolean attrs."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django_countries import countries

from justicecentre.forms import FormRenderer

DANGEROUS = '<script>alert("x")</script> & "quotes"'


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), ("a", "A & B"), ("b", DANGEROUS)])
    grouped = forms.ChoiceField(
        choices=[("Asia", [("hk", "Hong Kong"), ("in", "India")]), ("x", "Other <x>")]
    )
    many = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two"), (3, "three")])
    country = forms.ChoiceField(choices=list(countries))
    flags = forms.NullBooleanField()
    disabled = forms.ChoiceField(choices=[("a", "A")], disabled=True, required=False)
    with_attrs = forms.ChoiceField(
        choices=[("a", "A")],
        widget=forms.Select(attrs={"class": "form-select", "aria-describedby": 'h"1'}),
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "plain": "b",
            "grouped": "in",
            "many": ["1", "3"],
            "country": "PK",
            "flags": "true",
            "with_attrs": "a",
        },
        {"plain": DANGEROUS, "grouped": "nope", "many": ["9"]},
    ],
)
def test_selects_render_exactly_as_django_does(data):
    ours = Sample(data or None, renderer=FormRenderer())
    django = Sample(data or None, renderer=DjangoTemplates())
    ours.is_valid(), django.is_valid()
    for name in Sample.base_fields:
        assert str(ours[name]) == str(django[name]), name
    assert "&lt;script&gt;" in str(ours["plain"])


def test_the_project_uses_it(settings):
    assert settings.FORM_RENDERER == "justicecentre.forms.FormRenderer"
