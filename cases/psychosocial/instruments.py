"""The wellbeing measures we use, in code: items, answer scales, scoring and bands.

Only free-to-use instruments are shipped (the Refugee Health Screener, RHS-15, is
copyrighted and is not). Item wordings are the published English ones.

Sources:
* PHQ-9: Kroenke, Spitzer & Williams, "The PHQ-9: validity of a brief depression severity
  measure", J Gen Intern Med 2001;16:606-613. Pfizer: free to use, no permission needed
  (phqscreeners.com). Bands 0-4, 5-9, 10-14, 15-19, 20-27; item 9 above 0 needs a
  safety check.
* GAD-7: Spitzer, Kroenke, Williams & Löwe, "A brief measure for assessing generalized
  anxiety disorder: the GAD-7", Arch Intern Med 2006;166:1092-1097 (phqscreeners.com).
  Bands 0-4, 5-9, 10-14, 15-21.
* PCL-5: Weathers, Litz, Keane, Palmieri, Marx & Schnurr, "The PTSD Checklist for DSM-5
  (PCL-5)", US National Center for PTSD, 2013 (public domain, ptsd.va.gov). Clusters B 1-5,
  C 6-7, D 8-14, E 15-20. No official severity bands; a total of 31-33 or more suggests
  probable PTSD (Bovin et al., Psychological Assessment 2016;28:1379-1391). We use 33,
  the top of that range, as the threshold.
* WHO-5: WHO Regional Office for Europe, 1998 (free to use); Topp, Østergaard, Søndergaard
  & Bech, "The WHO-5 Well-Being Index: a systematic review of the literature", Psychother
  Psychosom 2015;84:167-176. Raw 0-25, times 4 is a percentage; under 52% (raw under 13)
  is poor wellbeing, 28% or less (raw 7 or less) suggests screening for depression.

Scores and bands are computed here and nowhere else; nobody types a total.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class InstrumentCode(models.TextChoices):
    PHQ9 = "phq9", "PHQ-9"
    GAD7 = "gad7", "GAD-7"
    PCL5 = "pcl5", "PCL-5"
    WHO5 = "who5", "WHO-5"


class Tone(models.TextChoices):
    """How worrying a band is: colours the badge and the chart."""

    GOOD = "good", _("good")
    MILD = "mild", _("mild")
    CONCERN = "concern", _("concern")
    SEVERE = "severe", _("severe")


TONE_BADGE = {
    Tone.GOOD: "success",
    Tone.MILD: "info",
    Tone.CONCERN: "warning",
    Tone.SEVERE: "danger",
}


@dataclass(frozen=True)
class Band:
    code: str
    label: str | Promise
    low: int  # inclusive, on the raw total
    high: int  # inclusive
    tone: str

    def contains(self, total: int) -> bool:
        return self.low <= total <= self.high

    @property
    def badge(self) -> str:
        """The Bootstrap colour of the band's badge."""
        return TONE_BADGE[self.tone]


@dataclass(frozen=True)
class Cluster:
    code: str
    label: str | Promise
    first: int  # 1-based item numbers, inclusive
    last: int


@dataclass(frozen=True)
class Score:
    total: int
    band: Band
    subscores: dict[str, int] = field(default_factory=dict)
    percentage: int | None = None
    needs_safety_check: bool = False


class InvalidAnswers(ValueError):
    """Answers that cannot be scored: a missing answer, or one off the scale."""

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__("; ".join(f"item {n}: {m}" for n, m in sorted(errors.items())))
        self.errors = errors  # 1-based item number -> message


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    title: str | Promise
    period: str | Promise
    stem: str | Promise
    items: tuple[str | Promise, ...]
    scale: tuple[tuple[int, str | Promise], ...]
    bands: tuple[Band, ...]
    source: str
    clusters: tuple[Cluster, ...] = ()
    # The percentage shown for WHO-5 is the raw total times 4.
    percentage_factor: int | None = None
    higher_is_better: bool = False
    # A 1-based item whose answer above 0 calls for a safety check (PHQ-9 item 9).
    safety_item: int | None = None
    # Drawn as a line on the trend chart (PCL-5: 33).
    threshold: int | None = None
    note: str | Promise = ""

    @property
    def min_answer(self) -> int:
        return min(value for value, _label in self.scale)

    @property
    def max_answer(self) -> int:
        return max(value for value, _label in self.scale)

    @property
    def max_total(self) -> int:
        return self.max_answer * len(self.items)

    def band_for(self, total: int) -> Band:
        for band in self.bands:
            if band.contains(total):
                return band
        raise ValueError(f"{self.name}: {total} is outside 0-{self.max_total}")

    def validate(self, answers: Sequence[int | None]) -> list[int]:
        """The answers as ints, or InvalidAnswers naming every item that is wrong."""
        errors: dict[int, str] = {}
        if len(answers) != len(self.items):
            raise InvalidAnswers(
                {0: f"{self.name} has {len(self.items)} items, got {len(answers)} answers"}
            )
        clean: list[int] = []
        for number, answer in enumerate(answers, start=1):
            if answer is None or answer == "":
                errors[number] = str(_("Missing answer: a missing answer is not a zero."))
                continue
            # bool is an int in Python; True is not an answer on any scale.
            if isinstance(answer, bool) or not isinstance(answer, int):
                errors[number] = str(_("Not a number on the answer scale."))
                continue
            if not self.min_answer <= answer <= self.max_answer:
                errors[number] = str(
                    _("Out of range: answers go from %(low)d to %(high)d.")
                    % {"low": self.min_answer, "high": self.max_answer}
                )
                continue
            clean.append(answer)
        if errors:
            raise InvalidAnswers(errors)
        return clean

    def score(self, answers: Sequence[int | None]) -> Score:
        values = self.validate(answers)
        total = sum(values)
        return Score(
            total=total,
            band=self.band_for(total),
            subscores={c.code: sum(values[c.first - 1 : c.last]) for c in self.clusters},
            percentage=total * self.percentage_factor if self.percentage_factor else None,
            needs_safety_check=bool(self.safety_item and values[self.safety_item - 1] > 0),
        )

    def display_total(self, total: int) -> str:
        if self.percentage_factor:
            return f"{total * self.percentage_factor}%"
        return f"{total}/{self.max_total}"


FREQUENCY_2_WEEKS = (
    (0, _("Not at all")),
    (1, _("Several days")),
    (2, _("More than half the days")),
    (3, _("Nearly every day")),
)

PHQ9 = Instrument(
    code=InstrumentCode.PHQ9,
    name="PHQ-9",
    title=_("Patient Health Questionnaire (depression)"),
    period=_("the last 2 weeks"),
    stem=_(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=(
        _("Little interest or pleasure in doing things"),
        _("Feeling down, depressed, or hopeless"),
        _("Trouble falling or staying asleep, or sleeping too much"),
        _("Feeling tired or having little energy"),
        _("Poor appetite or overeating"),
        _(
            "Feeling bad about yourself — or that you are a failure or have let yourself or "
            "your family down"
        ),
        _("Trouble concentrating on things, such as reading the newspaper or watching television"),
        _(
            "Moving or speaking so slowly that other people could have noticed? Or the "
            "opposite — being so fidgety or restless that you have been moving around a lot "
            "more than usual"
        ),
        _("Thoughts that you would be better off dead or of hurting yourself in some way"),
    ),
    scale=FREQUENCY_2_WEEKS,
    bands=(
        Band("minimal", _("Minimal depression"), 0, 4, Tone.GOOD),
        Band("mild", _("Mild depression"), 5, 9, Tone.MILD),
        Band("moderate", _("Moderate depression"), 10, 14, Tone.CONCERN),
        Band("moderately_severe", _("Moderately severe depression"), 15, 19, Tone.SEVERE),
        Band("severe", _("Severe depression"), 20, 27, Tone.SEVERE),
    ),
    source="Kroenke, Spitzer & Williams 2001 (Pfizer, free to use)",
    safety_item=9,
    note=_("Any answer above “Not at all” on item 9 flags the client for a safety check."),
)

GAD7 = Instrument(
    code=InstrumentCode.GAD7,
    name="GAD-7",
    title=_("Generalized Anxiety Disorder scale"),
    period=_("the last 2 weeks"),
    stem=_("Over the last 2 weeks, how often have you been bothered by the following problems?"),
    items=(
        _("Feeling nervous, anxious, or on edge"),
        _("Not being able to stop or control worrying"),
        _("Worrying too much about different things"),
        _("Trouble relaxing"),
        _("Being so restless that it is hard to sit still"),
        _("Becoming easily annoyed or irritable"),
        _("Feeling afraid, as if something awful might happen"),
    ),
    scale=FREQUENCY_2_WEEKS,
    bands=(
        Band("minimal", _("Minimal anxiety"), 0, 4, Tone.GOOD),
        Band("mild", _("Mild anxiety"), 5, 9, Tone.MILD),
        Band("moderate", _("Moderate anxiety"), 10, 14, Tone.CONCERN),
        Band("severe", _("Severe anxiety"), 15, 21, Tone.SEVERE),
    ),
    source="Spitzer, Kroenke, Williams & Löwe 2006 (Pfizer, free to use)",
)

PCL5_THRESHOLD = 33

PCL5 = Instrument(
    code=InstrumentCode.PCL5,
    name="PCL-5",
    title=_("PTSD Checklist for DSM-5"),
    period=_("the past month"),
    stem=_(
        "Below is a list of problems that people sometimes have in response to a very "
        "stressful experience. In the past month, how much were you bothered by:"
    ),
    items=(
        _("Repeated, disturbing, and unwanted memories of the stressful experience?"),
        _("Repeated, disturbing dreams of the stressful experience?"),
        _(
            "Suddenly feeling or acting as if the stressful experience were actually "
            "happening again (as if you were actually back there reliving it)?"
        ),
        _("Feeling very upset when something reminded you of the stressful experience?"),
        _(
            "Having strong physical reactions when something reminded you of the stressful "
            "experience (for example, heart pounding, trouble breathing, sweating)?"
        ),
        _("Avoiding memories, thoughts, or feelings related to the stressful experience?"),
        _(
            "Avoiding external reminders of the stressful experience (for example, people, "
            "places, conversations, activities, objects, or situations)?"
        ),
        _("Trouble remembering important parts of the stressful experience?"),
        _(
            "Having strong negative beliefs about yourself, other people, or the world (for "
            "example, having thoughts such as: I am bad, there is something seriously wrong "
            "with me, no one can be trusted, the world is completely dangerous)?"
        ),
        _(
            "Blaming yourself or someone else for the stressful experience or what happened "
            "after it?"
        ),
        _("Having strong negative feelings such as fear, horror, anger, guilt, or shame?"),
        _("Loss of interest in activities that you used to enjoy?"),
        _("Feeling distant or cut off from other people?"),
        _(
            "Trouble experiencing positive feelings (for example, being unable to feel "
            "happiness or have loving feelings for people close to you)?"
        ),
        _("Irritable behavior, angry outbursts, or acting aggressively?"),
        _("Taking too many risks or doing things that could cause you harm?"),
        _("Being “superalert” or watchful or on guard?"),
        _("Feeling jumpy or easily startled?"),
        _("Having difficulty concentrating?"),
        _("Trouble falling or staying asleep?"),
    ),
    scale=(
        (0, _("Not at all")),
        (1, _("A little bit")),
        (2, _("Moderately")),
        (3, _("Quite a bit")),
        (4, _("Extremely")),
    ),
    bands=(
        Band("below_threshold", _("Below the probable-PTSD threshold"), 0, 32, Tone.MILD),
        Band("probable_ptsd", _("Probable PTSD (33 or above)"), 33, 80, Tone.SEVERE),
    ),
    clusters=(
        Cluster("B", _("B: intrusion (items 1-5)"), 1, 5),
        Cluster("C", _("C: avoidance (items 6-7)"), 6, 7),
        Cluster("D", _("D: negative changes in thinking and mood (items 8-14)"), 8, 14),
        Cluster("E", _("E: changes in arousal and reactivity (items 15-20)"), 15, 20),
    ),
    source="Weathers et al. 2013, US National Center for PTSD (public domain)",
    threshold=PCL5_THRESHOLD,
    note=_(
        "The PCL-5 has no official severity bands. A total of 31-33 or more suggests probable "
        "PTSD; this app uses 33 as the threshold. It is a screen, not a diagnosis."
    ),
)

WHO5 = Instrument(
    code=InstrumentCode.WHO5,
    name="WHO-5",
    title=_("WHO-5 Well-Being Index"),
    period=_("the last 2 weeks"),
    stem=_(
        "Please indicate for each of the five statements which is closest to how you have "
        "been feeling over the last two weeks. Over the last two weeks:"
    ),
    items=(
        _("I have felt cheerful and in good spirits"),
        _("I have felt calm and relaxed"),
        _("I have felt active and vigorous"),
        _("I woke up feeling fresh and rested"),
        _("My daily life has been filled with things that interest me"),
    ),
    scale=(
        (5, _("All of the time")),
        (4, _("Most of the time")),
        (3, _("More than half of the time")),
        (2, _("Less than half of the time")),
        (1, _("Some of the time")),
        (0, _("At no time")),
    ),
    bands=(
        Band(
            "depression_screen",
            # Not a format string: "% o" only looks like one to xgettext.
            # xgettext:no-python-format
            _("Very low wellbeing (28% or less): screen for depression"),
            0,
            7,
            Tone.SEVERE,
        ),
        Band("poor", _("Poor wellbeing (under 52%)"), 8, 12, Tone.CONCERN),
        # xgettext:no-python-format
        Band("adequate", _("Not poor wellbeing (52% or more)"), 13, 25, Tone.GOOD),
    ),
    source="WHO Regional Office for Europe 1998; Topp et al. 2015 (free to use)",
    percentage_factor=4,
    higher_is_better=True,
    note=_("Higher is better. The percentage is the raw score (0-25) times 4."),
)

INSTRUMENTS: dict[str, Instrument] = {i.code: i for i in (PHQ9, GAD7, PCL5, WHO5)}


def instrument(code: str) -> Instrument:
    """The instrument with `code`, or KeyError."""
    return INSTRUMENTS[code]


def score(code: str, answers: Sequence[int | None]) -> Score:
    """Score a completed questionnaire; InvalidAnswers if any answer is missing or off scale."""
    return instrument(code).score(answers)
