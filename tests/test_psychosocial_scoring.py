"""Scoring and banding of every instrument, at every band boundary, and the risk screen.

The expected bands are written out here from DESIGN.md / DOMAIN.md, not read back from
the registry, so a wrong boundary in cases/psychosocial/instruments.py fails a test.
"""

import pytest

from cases.psychosocial.instruments import INSTRUMENTS, InvalidAnswers, score
from cases.psychosocial.models import RiskLevel, suggested_risk_level

from .psychosocial_factories import answers_for

BOUNDARIES = [
    # PHQ-9: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe
    ("phq9", 0, "minimal"),
    ("phq9", 4, "minimal"),
    ("phq9", 5, "mild"),
    ("phq9", 9, "mild"),
    ("phq9", 10, "moderate"),
    ("phq9", 14, "moderate"),
    ("phq9", 15, "moderately_severe"),
    ("phq9", 19, "moderately_severe"),
    ("phq9", 20, "severe"),
    ("phq9", 27, "severe"),
    # GAD-7: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe
    ("gad7", 0, "minimal"),
    ("gad7", 4, "minimal"),
    ("gad7", 5, "mild"),
    ("gad7", 9, "mild"),
    ("gad7", 10, "moderate"),
    ("gad7", 14, "moderate"),
    ("gad7", 15, "severe"),
    ("gad7", 21, "severe"),
    # PCL-5: total 0-80, 33 and above probable PTSD (the top of the published 31-33)
    ("pcl5", 0, "below_threshold"),
    ("pcl5", 32, "below_threshold"),
    ("pcl5", 33, "probable_ptsd"),
    ("pcl5", 80, "probable_ptsd"),
    # WHO-5: raw 0-25; 28% or less (raw <= 7) depression screen; under 52% (raw < 13) poor
    ("who5", 0, "depression_screen"),
    ("who5", 7, "depression_screen"),
    ("who5", 8, "poor"),
    ("who5", 12, "poor"),
    ("who5", 13, "adequate"),
    ("who5", 25, "adequate"),
]


@pytest.mark.parametrize(("code", "total", "band"), BOUNDARIES)
def test_band_at_each_boundary(code, total, band):
    result = score(code, answers_for(code, total))
    assert result.total == total
    assert result.band.code == band


@pytest.mark.parametrize("code", list(INSTRUMENTS))
def test_bands_cover_every_total_once(code):
    spec = INSTRUMENTS[code]
    for total in range(spec.max_total + 1):
        assert sum(band.contains(total) for band in spec.bands) == 1, total
    with pytest.raises(ValueError, match="outside"):
        spec.band_for(spec.max_total + 1)


@pytest.mark.parametrize(
    ("code", "items", "low", "high", "max_total"),
    [("phq9", 9, 0, 3, 27), ("gad7", 7, 0, 3, 21), ("pcl5", 20, 0, 4, 80), ("who5", 5, 0, 5, 25)],
)
def test_items_and_scales_are_as_published(code, items, low, high, max_total):
    spec = INSTRUMENTS[code]
    assert len(spec.items) == items
    assert (spec.min_answer, spec.max_answer) == (low, high)
    assert spec.max_total == max_total
    assert len(spec.scale) == high - low + 1


def test_who5_percentage_is_raw_times_four():
    assert score("who5", answers_for("who5", 13)).percentage == 52
    assert score("who5", answers_for("who5", 7)).percentage == 28
    assert INSTRUMENTS["who5"].display_total(25) == "100%"
    assert score("phq9", answers_for("phq9", 3)).percentage is None


def test_pcl5_cluster_subscores():
    # B items 1-5, C 6-7, D 8-14, E 15-20
    answers = [1] * 5 + [2] * 2 + [3] * 7 + [4] * 6
    result = score("pcl5", answers)
    assert result.subscores == {"B": 5, "C": 4, "D": 21, "E": 24}
    assert result.total == 54


@pytest.mark.parametrize(("item9", "expected"), [(0, False), (1, True), (3, True)])
def test_phq9_item9_above_zero_needs_a_safety_check(item9, expected):
    answers = [0] * 8 + [item9]
    assert score("phq9", answers).needs_safety_check is expected


def test_item9_matters_only_on_the_phq9():
    assert not score("gad7", [3] * 7).needs_safety_check


def test_a_missing_answer_is_an_error_not_a_zero():
    answers = answers_for("phq9", 10)
    answers[3] = None
    with pytest.raises(InvalidAnswers) as raised:
        score("phq9", answers)
    assert list(raised.value.errors) == [4]
    assert "not a zero" in raised.value.errors[4]


@pytest.mark.parametrize(("code", "bad"), [("phq9", 4), ("phq9", -1), ("who5", 6), ("pcl5", 5)])
def test_out_of_range_answers_are_refused(code, bad):
    answers = answers_for(code, 0)
    answers[0] = bad
    with pytest.raises(InvalidAnswers, match="Out of range"):
        score(code, answers)


@pytest.mark.parametrize("bad", ["2", 1.5, True])
def test_answers_must_be_whole_numbers(bad):
    answers = [0] * 9
    answers[2] = bad
    with pytest.raises(InvalidAnswers):
        score("phq9", answers)


def test_a_partial_questionnaire_is_refused():
    with pytest.raises(InvalidAnswers, match="9 items"):
        score("phq9", [1, 1, 1])


@pytest.mark.parametrize(
    ("yes", "level"),
    [
        ([], RiskLevel.NONE),
        (["wish_to_be_dead"], RiskLevel.LOW),
        (["suicidal_thoughts"], RiskLevel.LOW),
        (["suicidal_thoughts", "method"], RiskLevel.MODERATE),
        (["intent"], RiskLevel.HIGH),
        (["plan"], RiskLevel.HIGH),
        (["behaviour"], RiskLevel.HIGH),
        (["wish_to_be_dead", "method", "plan"], RiskLevel.HIGH),
    ],
)
def test_suggested_risk_level(yes, level):
    assert suggested_risk_level(dict.fromkeys(yes, True)) == level
