"""Dated observations of the patient: performance status, LVEF, and yes/no findings.

A performance status, an ejection fraction, a pregnancy test or the treating team's
judgement of fitness describes the patient only on the day it was made. Each is therefore
recorded with its date, and eligibility uses it only while it is current: within a window
before the screening date that the ruleset declares (see
:class:`allmodel.facts.ValidityPolicy`). An undated value could not be placed in time,
so the model has none.

* :class:`EcogAssessment` — ECOG performance status 0-4 (the trials' entry criteria use it:
  TOWER ECOG <= 2, ZUMA-3 0-1, SWOG S0530 Zubrod 0-2);
* :class:`LvefMeasurement` — left-ventricular ejection fraction, % (review, pretreatment
  evaluation: cardiac function before anthracyclines);
* :class:`Finding` — a yes/no test result or clinical judgement (pregnancy, breastfeeding,
  fitness for intensive therapy, candidacy for allogeneic HCT, ...).
"""

from __future__ import annotations

from datetime import date

import attrs

from allmodel._model import InRange, Model, PickledByFields, checks
from allmodel.model._plausibility import PLAUSIBLE

__all__ = ["EcogAssessment", "Finding", "LvefMeasurement"]


@attrs.frozen(kw_only=True)
class EcogAssessment(Model, PickledByFields):
    """An ECOG performance status and the day it was assessed.

    Args:
        value: ECOG grade, 0 (fully active) to 4 (bedbound).
        date: Day of the assessment.
    """

    value: int = attrs.field(metadata=checks(InRange(0, 4), doc="ECOG grade 0-4"))
    date: date


@attrs.frozen(kw_only=True)
class LvefMeasurement(Model, PickledByFields):
    """A left-ventricular ejection fraction and the day it was measured.

    Args:
        value: Ejection fraction, %, 1 to 95 (the plausible range,
            :data:`allmodel.model.PLAUSIBLE` ``lvef``).
        date: Day of the echocardiogram or MUGA scan.
    """

    value: float = attrs.field(metadata=checks(PLAUSIBLE["lvef"], doc="ejection fraction, %"))
    date: date


@attrs.frozen(kw_only=True)
class Finding(Model, PickledByFields):
    """A yes/no finding (a test result or a clinical judgement) and the day it was made.

    Args:
        value: The finding: ``true`` or ``false``.
        date: Day the test was done or the judgement made.
    """

    value: bool
    date: date
