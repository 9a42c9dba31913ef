"""When a result stops being current: the validity rules of facts and the ruleset's windows.

A test or an assessment describes the patient on the day it was made. A fact derived from
one counts only while that result is still *current*; otherwise the fact is unknown, the
evidence says which result was set aside and why, and the missing path says what to
repeat. Two kinds of rule, combined in a :class:`Validity`:

* **after an event** (:class:`Since`): disease characteristics can change at relapse and
  under therapy, so a CSF result, a kinase-domain analysis, a CD19/CD22 result, a marrow
  or MRD result counts only when dated on or after the latest event that could change it
  (the latest relapse; the latest TKI failure; the end of the latest therapy directed at
  the antigen; the current remission; the start of the latest regimen or transplant; for
  CSF results and a recorded absence of neurotoxicity, the start of the latest line of any
  kind, CNS-directed ones included). decision-8 and
  decision-10; review: lumbar puncture and mutation analysis at every relapse,
  antigen loss under blinatumomab and inotuzumab (refs 7-13).
* **within a window** (:class:`Window`): organ function, blood counts, performance status,
  LVEF, pregnancy, breastfeeding, current conditions and the treating team's judgements
  count only within a number of days before the screening date. No source fixes these
  windows; they are allmodel's documented policy (:class:`ValidityPolicy`, modelled on
  the screening periods trial protocols use), declared by each ruleset and shown in
  evidence. A hospital may declare other windows in its own ruleset.

Dates are whole days: a result dated exactly ``days`` before ``as_of`` is still current,
one day older is not.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from allmodel._model import InRange, Model, checks

__all__ = ["DEFAULT_VALIDITY", "Since", "Validity", "ValidityPolicy", "Window"]


class Since(enum.StrEnum):
    """Events after which an earlier result no longer describes the patient."""

    LATEST_RELAPSE = "latest_relapse"
    LATEST_RELAPSE_OR_REMISSION = "latest_relapse_or_remission"
    CURRENT_REMISSION = "current_remission"
    LATEST_TKI_FAILURE = "latest_tki_failure"
    LATEST_CD19_THERAPY = "latest_cd19_therapy"
    LATEST_CD22_THERAPY = "latest_cd22_therapy"
    LATEST_REGIMEN = "latest_regimen"
    LATEST_TREATMENT = "latest_treatment"
    LATEST_LINE = "latest_line"

    @property
    def text(self) -> str:
        """The event, in words."""
        return _SINCE_TEXT[self]


_SINCE_TEXT = {
    Since.LATEST_RELAPSE: "the latest relapse",
    Since.LATEST_RELAPSE_OR_REMISSION: "the latest relapse or remission",
    Since.CURRENT_REMISSION: "the start of the current remission",
    Since.LATEST_TKI_FAILURE: "the latest TKI failure (or failed line of agents not recorded)",
    Since.LATEST_CD19_THERAPY: "the end of the latest CD19-directed therapy (or line of agents"
    " not recorded)",
    Since.LATEST_CD22_THERAPY: "the end of the latest CD22-directed therapy (or line of agents"
    " not recorded)",
    Since.LATEST_REGIMEN: "the start of the latest regimen",
    Since.LATEST_TREATMENT: "the start of the latest regimen or transplant",
    Since.LATEST_LINE: "the start of the latest line of any kind (a programme's phases and"
    " CNS-directed or palliative lines included) or transplant",
}


class Window(enum.StrEnum):
    """Kinds of result that count only within a window before the screening date."""

    BLOOD_COUNTS = "blood_counts"
    CHEMISTRY = "chemistry"
    MARROW = "marrow"
    PERFORMANCE = "performance"
    CARDIAC = "cardiac"
    PREGNANCY = "pregnancy"
    CONDITIONS = "conditions"
    JUDGEMENT = "judgement"


_WINDOW_TEXT = {
    Window.BLOOD_COUNTS: "blood counts",
    Window.CHEMISTRY: "chemistry and organ function",
    Window.MARROW: "marrow examination",
    Window.PERFORMANCE: "performance status",
    Window.CARDIAC: "cardiac function",
    Window.PREGNANCY: "pregnancy and breastfeeding status",
    Window.CONDITIONS: "current conditions such as infection, GVHD or neuropathy",
    Window.JUDGEMENT: "the treating team's judgements",
}


def _days() -> Mapping[str, Any]:
    return checks(InRange(0, 3650), doc="days before the screening date")


@attrs.frozen(kw_only=True, cache_hash=True)
class ValidityPolicy(Model):
    """How many days before the screening date each kind of result stays current.

    allmodel's default (the ruleset ``review-2022-12``): blood counts and chemistry 14
    days, marrow examination 28 days, performance status 28 days, cardiac function 90
    days, pregnancy and breastfeeding status 7 days, current conditions 28 days, the
    treating team's judgements 28 days. No clinical source fixes these numbers; they
    follow the screening periods trial protocols commonly use (a few weeks before
    enrolment; a pregnancy test within days) and are the project's own policy, stated in
    the README and shown in every evidence item that uses them.

    Args:
        blood_counts: ANC, platelets, WBC, hemoglobin, blood blasts.
        chemistry: Bilirubin, AST, ALT, creatinine, creatinine clearance, albumin, LDH.
        marrow: Marrow blasts and cellularity (which also count only after the latest
            relapse or remission and the start of the latest regimen), and MRD.
        performance: ECOG performance status.
        cardiac: LVEF.
        pregnancy: Pregnancy and breastfeeding status.
        conditions: Conditions that are current states (active infection, active GVHD,
            recent immunosuppression, peripheral neuropathy).
        judgement: Fitness for intensive therapy, candidacy for HCT, "no alternative
            treatment", "no other TKI indicated".
    """

    blood_counts: int = attrs.field(default=14, metadata=_days())
    chemistry: int = attrs.field(default=14, metadata=_days())
    marrow: int = attrs.field(default=28, metadata=_days())
    performance: int = attrs.field(default=28, metadata=_days())
    cardiac: int = attrs.field(default=90, metadata=_days())
    pregnancy: int = attrs.field(default=7, metadata=_days())
    conditions: int = attrs.field(default=28, metadata=_days())
    judgement: int = attrs.field(default=28, metadata=_days())

    def days(self, window: Window) -> int:
        """The window's length in days."""
        days: int = getattr(self, window.value)
        return days


#: allmodel's default windows (see :class:`ValidityPolicy`).
DEFAULT_VALIDITY = ValidityPolicy()


@attrs.frozen(cache_hash=True)
class Validity:
    """When a fact's underlying result is current.

    Args:
        since: Events the result must be dated on or after (each one's latest occurrence).
        window: The kind of window the result must be dated within, if any.
        negative_only: The rule applies to a "no" only: a history recorded present stays
            current, one recorded absent counts only when dated after the events (a
            history of sinusoidal obstruction or seizures can begin with any treatment).
    """

    since: tuple[Since, ...] = ()
    window: Window | None = None
    negative_only: bool = False

    def text(self, policy: ValidityPolicy | None = None) -> str:
        """The rule in words (with the window's days when ``policy`` is given)."""
        parts = [f"on or after {event.text}" for event in self.since]
        if self.window is not None:
            what = _WINDOW_TEXT[self.window]
            if policy is None:
                parts.append(f"within the ruleset's window for {what}")
            else:
                parts.append(f"within {policy.days(self.window)} days before as_of ({what})")
        if not parts:
            return "always current"
        rule = "dated " + " and ".join(parts)
        if self.negative_only:
            return f"a 'present' record stays current; an 'absent' one counts only when {rule}"
        return f"counts only when {rule}"
