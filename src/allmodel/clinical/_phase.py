"""The disease phase: where a patient stands in the disease course on a date
(:func:`allmodel.clinical.disease_phase` reads it from the record)."""

from __future__ import annotations

import enum

__all__ = ["RELAPSE_PHASES", "REMISSION_PHASES", "DiseasePhase"]


class DiseasePhase(enum.StrEnum):
    """Where the patient stands in the disease course on a given date."""

    PRIMARY_REFRACTORY = "primary_refractory"
    FIRST_RELAPSE = "first_relapse"
    SECOND_OR_LATER_RELAPSE = "second_or_later_relapse"
    RELAPSE_AFTER_ALLOGENEIC_HCT = "relapse_after_allogeneic_hct"
    IN_CR = "in_cr"
    MRD_POSITIVE_CR = "mrd_positive_cr"


#: The phases of a patient in relapse: first, second or later, or after allogeneic HCT.
RELAPSE_PHASES: tuple[DiseasePhase, ...] = (
    DiseasePhase.FIRST_RELAPSE,
    DiseasePhase.SECOND_OR_LATER_RELAPSE,
    DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT,
)

#: The phases of a patient in remission (MRD-positive or not).
REMISSION_PHASES: tuple[DiseasePhase, ...] = (DiseasePhase.IN_CR, DiseasePhase.MRD_POSITIVE_CR)
