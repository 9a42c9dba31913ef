"""The regimen catalogue as data: ids, citations, and every dose, day, route and cycle
structure against the hand-written table of ``expected.py``."""

from __future__ import annotations

from datetime import date

import pytest

from allmodel.clinical.regimens import (
    CRANIAL_IRRADIATION,
    LIPOSOMAL_CYTARABINE_DISCONTINUED,
    LIPOSOMAL_VINCRISTINE_WITHDRAWN,
    REGIMENS,
    CycleDefinition,
    Regimen,
    get_regimen,
)
from allmodel.errors import PlanningError
from allmodel.measures import AbsorbedDose
from tests.clinical.regimens.expected import (
    EXPECTED,
    IDS,
    INCOMPLETE,
    Part,
    rule_signature,
    schedule_signature,
)


def _definition(
    regimen: Regimen, cycles: tuple[int, ...] | None, variant: str | None
) -> CycleDefinition:
    found = [d for d in regimen.definitions if d.cycles == cycles and d.variant == variant]
    assert len(found) == 1, f"{regimen.id}: {len(found)} definitions for {cycles}, {variant}"
    return found[0]


class TestCatalogueIds:
    """The catalogue lists exactly the regimens expected, each under its own id."""

    def test_ids_are_exactly_the_expected_ones(self) -> None:
        """No regimen is missing from, or added to, the hand-written expected table."""
        assert sorted(REGIMENS) == IDS

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_key_is_the_regimen_id(self, regimen_id: str) -> None:
        """Each regimen is stored under its own id and found by get_regimen."""
        assert REGIMENS[regimen_id].id == regimen_id
        assert get_regimen(regimen_id) is REGIMENS[regimen_id]

    def test_unknown_id_lists_the_known_ones(self) -> None:
        """An unknown id is refused with PlanningError naming it and the known ids."""
        with pytest.raises(PlanningError, match="unknown regimen 'hyper_cvad'") as caught:
            get_regimen("hyper_cvad")
        assert "hypercvad_dasatinib" in str(caught.value)
        assert "clofarabine_40" in str(caught.value)


class TestCatalogueCitations:
    """Every regimen cites its sources."""

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_cites_at_least_one_source(self, regimen_id: str) -> None:
        """At least one citation, none blank, padded or repeated."""
        citations = REGIMENS[regimen_id].citations
        assert citations != ()
        assert [text for text in citations if not text or text != text.strip()] == []
        assert len(set(citations)) == len(citations)

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_cites_the_expected_references(self, regimen_id: str) -> None:
        """The review references and the label sections or sources of its doses are cited,
        each by its source id."""
        citations = REGIMENS[regimen_id].citations
        for ref in EXPECTED[regimen_id].refs:
            assert ref in citations, f"{regimen_id} does not cite {ref}"


class TestCatalogueDoses:
    """Every dose, day, route and cycle structure agrees with the sources."""

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_component_names_distinct(self, regimen_id: str) -> None:
        """Within each cycle definition, component names are distinct."""
        for definition in REGIMENS[regimen_id].definitions:
            names = [c.name for c in definition.components]
            assert len(names) == len(set(names)), definition.label

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_cycle_definitions(self, regimen_id: str) -> None:
        """Cycle numbers, variants and lengths of the definitions are as expected."""
        regimen = REGIMENS[regimen_id]
        actual = {(d.cycles, d.variant, d.length_days) for d in regimen.definitions}
        expected = {(e.cycles, e.variant, e.length_days) for e in EXPECTED[regimen_id].definitions}
        assert actual == expected
        assert len(regimen.definitions) == len(EXPECTED[regimen_id].definitions)

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_components(self, regimen_id: str) -> None:
        """Each component's agent, dose rule, schedule and route are as the sources give."""
        regimen = REGIMENS[regimen_id]
        for expected in EXPECTED[regimen_id].definitions:
            definition = _definition(regimen, expected.cycles, expected.variant)
            actual = {
                c.name: Part(
                    c.agent, rule_signature(c.rule), schedule_signature(c.schedule), c.route
                )
                for c in definition.components
            }
            assert actual == expected.parts, definition.label

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_max_cycles(self, regimen_id: str) -> None:
        """The most cycles the sources describe."""
        assert REGIMENS[regimen_id].max_cycles == EXPECTED[regimen_id].max_cycles

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_withdrawal_date(self, regimen_id: str) -> None:
        """Only liposomal vincristine and liposomal cytarabine are withdrawn, on their dates."""
        availability = REGIMENS[regimen_id].availability
        assert availability.withdrawn_on == EXPECTED[regimen_id].withdrawn_on
        assert (availability.reason is not None) == (availability.withdrawn_on is not None)

    def test_complete_regimens(self) -> None:
        """Exactly the regimens with an unstated dose or day are incomplete."""
        assert {rid for rid, r in REGIMENS.items() if not r.complete} == INCOMPLETE

    @pytest.mark.parametrize("regimen_id", [rid for rid in IDS if EXPECTED[rid].max_cycles])
    def test_every_cycle_up_to_the_maximum_is_defined(self, regimen_id: str) -> None:
        """Each cycle 1..max_cycles has one definition, or one per variant."""
        regimen = REGIMENS[regimen_id]
        assert regimen.max_cycles is not None
        for cycle in range(1, regimen.max_cycles + 1):
            found = regimen.definitions_for(cycle)
            assert len(found) >= 1
            if len(found) > 1:
                assert all(d.variant is not None for d in found)

    @pytest.mark.parametrize("regimen_id", IDS)
    def test_a_variant_that_ends_early_says_why(self, regimen_id: str) -> None:
        """A response variant ending before the regimen's last cycle carries its stop reason.

        So a later cycle asking for it is refused with the source's reason, not offered
        for more cycles than the source allows (inotuzumab without CR/CRi: 3 cycles).
        """
        regimen = REGIMENS[regimen_id]
        last_cycle = max((n for d in regimen.definitions for n in (d.cycles or ())), default=None)
        for variant in regimen.variants:
            definitions = [d for d in regimen.definitions if d.variant == variant]
            if any(d.cycles is None for d in definitions):
                continue
            covered = sorted(n for d in definitions for n in (d.cycles or ()))
            assert regimen.max_cycles is None or covered[-1] <= regimen.max_cycles
            if last_cycle is not None and covered[-1] < last_cycle:
                (ending,) = [d for d in definitions if d.cycles and covered[-1] in d.cycles]
                assert ending.stop_reason, f"{regimen_id}: {variant!r} ends without a reason"

    def test_inotuzumab_without_cr_stops_after_cycle_3(self) -> None:
        """B.2: "discontinue if no CR/CRi within 3 cycles"; CR/CRi cycles go on to 6."""
        ino = get_regimen("inotuzumab_ozogamicin")
        (no_cr,) = [d for d in ino.definitions if d.variant == "no_cr"]
        (cr,) = [d for d in ino.definitions if d.variant == "cr_or_cri"]
        assert no_cr.cycles == (2, 3)
        assert no_cr.label == "cycles 2-3 without CR or CRi"
        assert no_cr.stop_reason == (
            "discontinue if there is no CR or CRi within 3 cycles (label-us-besponsa-dosage)"
        )
        assert cr.cycles == (2, 3, 4, 5, 6)
        assert cr.stop_reason is None


class TestCatalogueConstants:
    """The dated and fractionated facts exported by the catalogue."""

    def test_liposomal_vincristine_withdrawn(self) -> None:
        """Liposomal vincristine: FDA withdrawal effective 2 May 2022 (B.8)."""
        assert date(2022, 5, 2) == LIPOSOMAL_VINCRISTINE_WITHDRAWN

    def test_liposomal_cytarabine_discontinued(self) -> None:
        """Liposomal cytarabine: production discontinued 29 June 2017 (B.9)."""
        assert date(2017, 6, 29) == LIPOSOMAL_CYTARABINE_DISCONTINUED

    def test_cranial_irradiation(self) -> None:
        """2400 cGy in 12 fractions is 200 cGy per fraction (ref 57, B.12)."""
        assert CRANIAL_IRRADIATION.total.magnitude_in("cGy") == 2400
        assert CRANIAL_IRRADIATION.fractions == 12
        assert CRANIAL_IRRADIATION.per_fraction == AbsorbedDose(200, "cGy")
