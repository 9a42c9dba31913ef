"""The named criteria sets: their published cuts and operators, what a set may be built
with, and the defaults of a set that gives only its required fields."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from allmodel.clinical.response import (
    BLINATUMOMAB_CR_ANC_ABOVE,
    BLINATUMOMAB_CR_PLATELETS_ABOVE,
    BLINATUMOMAB_CRH_ANC_ABOVE,
    BLINATUMOMAB_CRH_PLATELETS_ABOVE,
    BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW,
    CIBMTR_CR_ANC_AT_OR_ABOVE,
    CIBMTR_CR_PLATELETS_AT_OR_ABOVE,
    CIBMTR_MARROW_BLASTS_BELOW,
    CIBMTR_PROGRESSION_INCREASE_AT_LEAST,
    REVIEW_MARROW_CELLULARITY_ABOVE,
    ResponseCriteria,
    classify_response,
)
from allmodel.errors import RuleError
from tests.clinical.response.assessments import (
    BLIN,
    CIBMTR,
    CRH,
    EARLIER,
    FULL,
    NO_RESPONSE,
    PD,
    UNCLASSIFIED,
    assessment,
    category,
    g,
)


class TestConstants:
    def test_blinatumomab_values(self) -> None:
        """The blinatumomab trial cuts are 5 %, 100, 1.0, 50 and 0.5 x10^9/L."""
        assert BLINATUMOMAB_MARROW_BLASTS_AT_OR_BELOW == 5.0
        assert BLINATUMOMAB_CR_PLATELETS_ABOVE == 100.0
        assert BLINATUMOMAB_CR_ANC_ABOVE == 1.0
        assert BLINATUMOMAB_CRH_PLATELETS_ABOVE == 50.0
        assert BLINATUMOMAB_CRH_ANC_ABOVE == 0.5

    def test_cibmtr_values(self) -> None:
        """The CIBMTR 2010 cuts are 5 %, 100, 1.0 x10^9/L and a 25 % increase."""
        assert CIBMTR_MARROW_BLASTS_BELOW == 5.0
        assert CIBMTR_CR_PLATELETS_AT_OR_ABOVE == 100.0
        assert CIBMTR_CR_ANC_AT_OR_ABOVE == 1.0
        assert CIBMTR_PROGRESSION_INCREASE_AT_LEAST == 0.25

    def test_review_cellularity(self) -> None:
        """The review's cellularity cut is 25 %."""
        assert REVIEW_MARROW_CELLULARITY_ABOVE == 25.0

    def test_blinatumomab_set_operators(self) -> None:
        """Blinatumomab trials: strict counts, CRh, CRi with one count, no progression."""
        assert BLIN.name == "blinatumomab_trials"
        assert BLIN.marrow_operator == "<="
        assert BLIN.cr_operator == ">"
        assert BLIN.crh_operator == ">"
        assert BLIN.defines_crh
        assert BLIN.defines_cri
        assert BLIN.cri_needs_one_count
        assert BLIN.progression_increase is None

    def test_cibmtr_set_operators(self) -> None:
        """CIBMTR 2010: blasts strict, counts inclusive, CRi, no CRh, inclusive progression."""
        assert CIBMTR.name == "cibmtr_2010"
        assert CIBMTR.marrow_operator == "<"
        assert CIBMTR.cr_operator == ">="
        assert not CIBMTR.defines_crh
        assert CIBMTR.defines_cri
        assert not CIBMTR.cri_needs_one_count
        assert CIBMTR.progression_increase == 0.25
        assert CIBMTR.progression_inclusive

    def test_default_is_blinatumomab(self) -> None:
        """Without a criteria argument the blinatumomab trial set applies."""
        assert classify_response(FULL, in_remission=False).criteria == "blinatumomab_trials"

    def test_repr_is_readable(self) -> None:
        """The repr names the set and its cuts, not the long citation."""
        text = repr(CIBMTR)
        assert text.startswith("ResponseCriteria(name='cibmtr_2010'")
        assert "marrow_blasts_cut=5.0" in text
        assert "Biol Blood" not in text

    def test_sets_are_frozen(self) -> None:
        """A named set cannot be changed in place."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            BLIN.cr_anc = 2.0  # type: ignore[misc]


class TestCriteriaValidation:
    def test_one_crh_cut_alone(self) -> None:
        """A CRh platelet cut without a CRh ANC cut is a rule error."""
        with pytest.raises(RuleError, match="crh_anc"):
            attrs.evolve(BLIN, crh_anc=None)

    def test_negative_count_cut(self) -> None:
        """A negative count cut is a rule error."""
        with pytest.raises(RuleError, match="cr_platelets"):
            attrs.evolve(BLIN, cr_platelets=-1.0)

    def test_marrow_cut_above_100(self) -> None:
        """A marrow blast cut above 100 % is a rule error."""
        with pytest.raises(RuleError, match="marrow_blasts_cut"):
            attrs.evolve(BLIN, marrow_blasts_cut=101.0)

    def test_one_count_cri_without_cri(self) -> None:
        """Asking CRi for one recovered count in a set without CRi is a rule error."""
        with pytest.raises(RuleError, match="cri_needs_one_count"):
            attrs.evolve(BLIN, defines_cri=False)

    def test_zero_progression_increase(self) -> None:
        """A progression increase of 0 is a rule error."""
        with pytest.raises(RuleError, match="progression_increase"):
            attrs.evolve(CIBMTR, progression_increase=0.0)


# --- boundaries found by mutation testing ------------------------------------------------


def _custom(**changes: Any) -> ResponseCriteria:
    """A set given only its required fields (and ``changes``): the defaults apply."""
    fields: dict[str, Any] = {
        "name": "custom",
        "marrow_blasts_cut": 5.0,
        "marrow_blasts_inclusive": True,
        "cr_platelets": 100.0,
        "cr_anc": 1.0,
        "cr_counts_inclusive": False,
    }
    return ResponseCriteria(**{**fields, **changes})


class TestCriteriaDefaults:
    """What a set gets for the fields it does not give."""

    def test_crh_counts_strict_by_default(self) -> None:
        """CRh cuts are strict unless said otherwise: counts exactly at them are not CRh."""
        criteria = _custom(crh_platelets=50.0, crh_anc=0.5)
        assert criteria.crh_operator == ">"
        assert category(criteria, platelets=g(50.0), anc=g(0.5)) is UNCLASSIFIED
        assert category(criteria, platelets=g(50.01), anc=g(0.51)) is CRH

    def test_no_cri_by_default(self) -> None:
        """A set defines no CRi unless it says so: low counts leave it unclassified."""
        criteria = _custom()
        assert not criteria.defines_cri
        assert category(criteria, platelets=g(30.0), anc=g(0.3)) is UNCLASSIFIED

    def test_progression_inclusive_by_default(self) -> None:
        """A progression rule counts an increase of exactly its size unless said otherwise."""
        criteria = _custom(progression_increase=0.25)
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0)
        assert category(criteria, previous=before, marrow_blasts_percent=50.0) is PD

    def test_progression_strict_when_asked(self) -> None:
        """With ``progression_inclusive=False`` exactly +25 % is not progression."""
        criteria = _custom(progression_increase=0.25, progression_inclusive=False)
        before = assessment(date=EARLIER, marrow_blasts_percent=40.0)
        assert category(criteria, previous=before, marrow_blasts_percent=50.0) is NO_RESPONSE
        assert category(criteria, previous=before, marrow_blasts_percent=50.04) is PD


class TestCriteriaRanges:
    """The cuts a set may have, at their ends."""

    @pytest.mark.parametrize("cut", [0.0, 0.5, 99.5, 100.0])
    def test_marrow_cut_within_0_to_100(self, cut: float) -> None:
        """A marrow blast cut from 0 to 100 % (both included) is accepted."""
        assert _custom(marrow_blasts_cut=cut).marrow_blasts_cut == cut

    @pytest.mark.parametrize("cut", [-0.5, 100.5])
    def test_marrow_cut_outside_0_to_100(self, cut: float) -> None:
        """A marrow blast cut below 0 or above 100 % is a rule error."""
        with pytest.raises(RuleError, match="marrow_blasts_cut"):
            _custom(marrow_blasts_cut=cut)

    def test_count_cut_of_zero(self) -> None:
        """A count cut of 0 is accepted (a count of at least 0)."""
        assert _custom(cr_anc=0.0, cr_platelets=0.0).cr_anc == 0.0

    @pytest.mark.parametrize("field", ["cr_platelets", "cr_anc"])
    def test_infinite_count_cut(self, field: str) -> None:
        """An infinite count cut is a rule error."""
        with pytest.raises(RuleError, match=field):
            _custom(**{field: float("inf")})

    def test_infinite_progression_increase(self) -> None:
        """An infinite progression increase is a rule error."""
        with pytest.raises(RuleError, match="progression_increase"):
            attrs.evolve(CIBMTR, progression_increase=float("inf"))
