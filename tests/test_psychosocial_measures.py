"""Entering a wellbeing measure: every item with its choices, nothing missing or off the
scale, scores and bands computed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.psychosocial.instruments import INSTRUMENTS
from cases.psychosocial.models import Assessment

from .psychosocial_factories import answers_for


def url(client, code):
    return reverse("cases:assessment_add", args=[client.reference, code])


def post_data(code, answers, **extra):
    data = {"taken_on": timezone.localdate().isoformat()}
    data |= {f"item_{n}": str(a) for n, a in enumerate(answers, start=1) if a is not None}
    return data | extra


@pytest.mark.parametrize("code", list(INSTRUMENTS))
def test_the_form_shows_every_item_with_its_choices(
    as_user, psychosocial_worker, client_record, code
):
    spec = INSTRUMENTS[code]
    page = as_user(psychosocial_worker).get(url(client_record, code)).content.decode()
    for number in range(1, len(spec.items) + 1):
        for value, _label in spec.scale:
            assert f'name="item_{number}" value="{value}"' in page
    assert str(spec.items[-1]).split(" ")[0] in page
    assert str(spec.scale[0][1]) in page


@pytest.mark.parametrize(
    ("code", "total", "band", "shown"),
    [
        ("phq9", 12, "moderate", "12/27"),
        ("gad7", 15, "severe", "15/21"),
        ("pcl5", 33, "probable_ptsd", "33/80"),
        ("who5", 12, "poor", "48%"),
    ],
)
def test_scores_and_bands_are_computed(
    as_user, psychosocial_worker, client_record, code, total, band, shown
):
    http = as_user(psychosocial_worker)
    response = http.post(url(client_record, code), post_data(code, answers_for(code, total)))
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.total, assessment.band) == (total, band)
    assert assessment.recorded_by == psychosocial_worker
    tab = http.get(reverse("clients:psychosocial", args=[client_record.reference]))
    assert shown in tab.content.decode()


def test_a_typed_total_is_ignored(as_user, psychosocial_worker, client_record):
    data = post_data("phq9", [1] * 8 + [0], total="27", band="severe")
    as_user(psychosocial_worker).post(url(client_record, "phq9"), data)
    assert Assessment.objects.get().total == 8


def test_a_missing_answer_is_an_error_not_a_zero(as_user, psychosocial_worker, client_record):
    answers = answers_for("gad7", 9)
    answers[4] = None
    response = as_user(psychosocial_worker).post(
        url(client_record, "gad7"), post_data("gad7", answers)
    )
    assert response.status_code == 200
    assert "Question 5 has no answer" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("code", "bad"), [("phq9", "4"), ("phq9", "-1"), ("who5", "6"), ("pcl5", "x")]
)
def test_out_of_range_answers_are_refused(as_user, psychosocial_worker, client_record, code, bad):
    data = post_data(code, answers_for(code, 0), item_1=bad)
    response = as_user(psychosocial_worker).post(url(client_record, code), data)
    assert response.status_code == 200
    assert "Question 1: out of range" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_future_date_is_refused(as_user, psychosocial_worker, client_record):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = post_data("phq9", answers_for("phq9", 3), taken_on=tomorrow.isoformat())
    response = as_user(psychosocial_worker).post(url(client_record, "phq9"), data)
    assert "in the future" in str(response.context["form"].errors["taken_on"])
    assert not Assessment.objects.exists()


def test_the_model_refuses_bad_answers_outside_the_form(client_record, psychosocial_worker):
    from django.core.exceptions import ValidationError

    from cases.psychosocial.services import assessment_record

    with pytest.raises(ValidationError, match="question 2"):
        assessment_record(
            client=client_record,
            instrument="phq9",
            taken_on=timezone.localdate(),
            answers=[0, 9, 0, 0, 0, 0, 0, 0, 0],
            by=psychosocial_worker,
        )
    assert not Assessment.objects.exists()


def test_pcl5_clusters_show_on_the_tab(as_user, psychosocial_worker, client_record):
    http = as_user(psychosocial_worker)
    http.post(url(client_record, "pcl5"), post_data("pcl5", [1] * 5 + [2] * 2 + [3] * 7 + [4] * 6))
    page = http.get(reverse("clients:psychosocial", args=[client_record.reference])).content
    assert b"B 5" in page and b"C 4" in page and b"D 21" in page and b"E 24" in page
