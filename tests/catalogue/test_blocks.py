"""The block vocabulary of the catalogue: each builder's node, at and around its boundary.

Expected truths are written by hand from each block's docstring; facts rows are built
directly (every fact unknown except those a test sets), so no patient is involved. Each
node is evaluated twice, compiled and with evidence, and both must agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

import attrs
import pytest

from allmodel.catalogue._blocks import (
    EU,
    RELAPSE_PHASES,
    REVIEW_REMISSION_INDUCTION,
    US,
    absent,
    adequate_organ_function,
    adult,
    age_at_least,
    age_at_most,
    b_precursor,
    cd19_positive,
    cd22_positive,
    certified_car_t_centre,
    cite,
    count_at_least,
    decision,
    fit_for_intensive,
    fit_for_intensive_arm,
    flag,
    imatinib_failed,
    in_complete_remission,
    in_jurisdiction,
    in_relapse,
    in_remission,
    mrd_positive_in_remission,
    not_,
    one_of,
    ph_negative,
    ph_positive,
    refractory,
    refs,
    relapse_after_allogeneic_hct,
    relapsed_or_refractory,
    second_or_later_relapse,
    systemic_disease,
    t_lineage,
    therapy,
    threshold,
    trial,
)
from allmodel.clinical import DiseasePhase
from allmodel.criteria import (
    Constant,
    Context,
    Is,
    IsIn,
    Node,
    Op,
    OptionKind,
    Truth,
    compile_criterion,
    evaluate,
    walk,
)
from allmodel.facts import FACTS, Facts, fact_index
from allmodel.model import Lineage, PhStatus, RemissionKind

AS_OF = date(2022, 12, 31)
T, U, F = Truth.TRUE, Truth.UNKNOWN, Truth.FALSE


def row(**values: object) -> Facts:
    """A facts row with the given exact values; every other fact unknown."""
    cells: list[object] = [None] * len(FACTS)
    for name, value in values.items():
        cells[fact_index(name)] = value
    return Facts(AS_OF, tuple(cells), tuple(cells), (None,) * len(FACTS))


def truth(node: Node, facts: Facts | None = None, jurisdiction: str = "US") -> Truth:
    """The node's truth on ``facts``; the compiled and the explained evaluation agree."""
    facts = row() if facts is None else facts
    context = Context(as_of=AS_OF, jurisdiction=US if jurisdiction == "US" else EU)
    compiled = Truth(compile_criterion(node, context)(facts.values, facts.upper))
    explained = evaluate(node, facts, context).status
    assert compiled is explained
    return compiled


def ids(node: Node) -> list[str]:
    """Every node id of the tree, root first."""
    return [part.id for part in walk(node)]


class TestCitations:
    """Citations are source ids, built one way."""

    def test_refs(self) -> None:
        """The review's reference numbers become their ids, in order; none gives none."""
        assert refs() == ()
        assert refs(7) == ("review-ref-7",)
        assert refs(7, 8, 13) == ("review-ref-7", "review-ref-8", "review-ref-13")

    def test_decision(self) -> None:
        """A decision number becomes its id."""
        assert decision(4) == "decision-4"

    def test_cite_flattens_in_order_once(self) -> None:
        """Ids and tuples of ids are flattened in order; a repeated id is kept once."""
        assert cite() == ()
        assert cite("a", ("b", "c"), "b", ("a", "d")) == ("a", "b", "c", "d")

    def test_builders_flatten_their_citations(self) -> None:
        """A builder takes ids and tuples of ids alike, as cite() flattens them."""
        assert b_precursor(refs(7, 8), "label-us-blincyto", "review-ref-7").citations == (
            "review-ref-7",
            "review-ref-8",
            "label-us-blincyto",
        )
        made = therapy(id="x", name="X", citations=(refs(1), "review"), criteria=adult("c"))
        assert made.citations == ("review-ref-1", "review")


class TestConvention:
    """Citations positional and in order, ids and texts keyword-only, fresh nodes."""

    def test_citations_kept_in_order(self) -> None:
        """Every citation given reaches the node, in the order given."""
        assert b_precursor("b", "a").citations == ("b", "a")
        assert flag("t315i", "T315I", "z", "y").citations == ("z", "y")

    def test_defaults_and_overrides(self) -> None:
        """A clinical block names itself; id and text can be overridden."""
        node = ph_negative("c")
        assert (node.id, node.text) == ("ph_negative", "Philadelphia chromosome negative")
        other = ph_negative("c", id="eu_ph_negative", text="Ph-negative")
        assert (other.id, other.text) == ("eu_ph_negative", "Ph-negative")
        assert isinstance(other, IsIn)
        assert (other.fact, other.values) == (node.fact, node.values)

    def test_generic_id_defaults_to_the_fact(self) -> None:
        """flag, threshold, count_at_least and one_of default the id to the fact's name."""
        assert flag("t315i", "x", "c").id == "t315i"
        assert threshold("ecog", Op.LE, 2, None, "x", "c").id == "ecog"
        assert count_at_least("prior_regimens", 2, "x", "c").id == "prior_regimens"
        assert one_of("lineage", (Lineage.T,), "x", "c").id == "lineage"
        assert flag("t315i", "x", "c", id="own").id == "own"

    def test_fresh_nodes(self) -> None:
        """Each call builds a new node, so an option can hold a block twice."""
        assert adult("c") is not adult("c")
        assert adult("c") == adult("c")


class TestGeneric:
    """The builders over any fact."""

    def test_flag(self) -> None:
        """A yes/no fact that must be true, or false when asked."""
        node = flag("t315i", "T315I found", "c")
        assert [truth(node, row(t315i=v)) for v in (True, False, None)] == [T, F, U]
        negated = flag("pregnant", "not pregnant", "c", value=False)
        assert [truth(negated, row(pregnant=v)) for v in (True, False, None)] == [F, T, U]

    @pytest.mark.parametrize(
        ("op", "expected"),
        [(Op.GT, [F, F, T]), (Op.GE, [F, T, T]), (Op.LT, [T, F, F]), (Op.LE, [T, T, F])],
    )
    def test_threshold_at_the_cut(self, op: Op, expected: list[Truth]) -> None:
        """Below, at and above 5 % marrow blasts, for each comparison."""
        node = threshold("marrow_blasts_percent", op, 5, "%", "blasts", "c")
        facts = [row(marrow_blasts_percent=v) for v in (4.9, 5.0, 5.1)]
        assert [truth(node, f) for f in facts] == expected
        assert truth(node) is U

    def test_count_at_least(self) -> None:
        """At least two earlier regimens: one is too few, two and three are enough."""
        node = count_at_least("prior_regimens", 2, "two regimens", "c")
        assert (node.op, node.value, node.unit) == (Op.GE, 2, "count")
        assert [truth(node, row(prior_regimens=n)) for n in (1, 2, 3)] == [F, T, T]

    def test_one_of_takes_enum_members_and_stores_their_values(self) -> None:
        """The values are the members' plain strings, in the order given."""
        node = one_of("lineage", (Lineage.T, Lineage.B_PRECURSOR), "B or T", "c")
        assert node.values == ("t", "b_precursor")
        assert all(type(value) is str for value in node.values)
        assert truth(node, row(lineage=Lineage.T)) is T
        assert truth(node, row()) is U

    def test_not_(self) -> None:
        """Negation with its own text; the id defaults to not_<part id>."""
        node = not_(flag("cns_involved", "CNS involvement", "c"), "no CNS involvement", "c")
        assert node.id == "not_cns_involved"
        assert [truth(node, row(cns_involved=v)) for v in (True, False, None)] == [F, T, U]
        assert not_(Constant(id="k", text="k", value=True), "x", "c", id="own").id == "own"

    def test_absent(self) -> None:
        """An exclusion: true when recorded absent, false when present, unknown unrecorded."""
        node = absent("active_gvhd", "active GVHD", "c")
        assert ids(node) == ["not_active_gvhd", "active_gvhd"]
        assert node.text == "no active GVHD"
        assert [truth(node, row(active_gvhd=v)) for v in (False, True, None)] == [T, F, U]

    def test_in_jurisdiction(self) -> None:
        """True in its own jurisdiction, false in the other, whatever the facts."""
        node = in_jurisdiction(EU, "c")
        assert (node.id, node.text) == ("jurisdiction_eu", "EU label")
        assert truth(node, jurisdiction="EU") is T
        assert truth(node, jurisdiction="US") is F
        assert in_jurisdiction(US, "c").id == "jurisdiction_us"


class TestAge:
    """Completed age in years on the screening date, inclusive bounds."""

    def test_age_at_least(self) -> None:
        """Below, at and above 26; the id and text name the bound."""
        node = age_at_least(26, "c")
        assert (node.id, node.text) == ("aged_26_or_over", "aged 26 or over")
        assert [truth(node, row(age_years=a)) for a in (25, 26, 27)] == [F, T, T]
        assert truth(node) is U

    def test_adult(self) -> None:
        """Aged 18 or over: 17 is not, 18 is."""
        node = adult("c")
        assert node.id == "adult"
        assert [truth(node, row(age_years=a)) for a in (17, 18, 19)] == [F, T, T]

    def test_age_at_most(self) -> None:
        """Aged 25 or under: 25 is, 26 is not."""
        node = age_at_most(25, "c")
        assert (node.id, node.text) == ("aged_25_or_under", "aged 25 or under")
        assert [truth(node, row(age_years=a)) for a in (24, 25, 26)] == [T, T, F]


class TestDisease:
    """Lineage, Ph status, antigens."""

    def test_lineage(self) -> None:
        """B-precursor and T lineage tell each other apart; unknown lineage is unknown."""
        b, t = b_precursor("c"), t_lineage("c")
        assert [truth(b, row(lineage=v)) for v in Lineage] == [T, F]
        assert [truth(t, row(lineage=v)) for v in Lineage] == [F, T]
        assert truth(b) is truth(t) is U

    def test_ph_status(self) -> None:
        """Ph-positive and Ph-negative are exclusive."""
        pos, neg = ph_positive("c"), ph_negative("c")
        assert truth(pos, row(ph_status=PhStatus.POSITIVE)) is T
        assert truth(pos, row(ph_status=PhStatus.NEGATIVE)) is F
        assert truth(neg, row(ph_status=PhStatus.NEGATIVE)) is T
        assert truth(neg, row(ph_status=PhStatus.POSITIVE)) is F

    @pytest.mark.parametrize(
        ("block", "fact"), [(cd19_positive, "cd19_positive"), (cd22_positive, "cd22_positive")]
    )
    def test_antigens(self, block: Callable[..., Is], fact: str) -> None:
        """The laboratory's latest positive call; negative is false, none is unknown."""
        node = block("c")
        assert node.id == fact
        assert [truth(node, row(**{fact: v})) for v in (True, False, None)] == [T, F, U]


class TestPhase:
    """The disease phase on the screening date."""

    def test_relapse_phases(self) -> None:
        """The three relapse phases, and no other."""
        assert {str(p) for p in RELAPSE_PHASES} == {
            "first_relapse",
            "second_or_later_relapse",
            "relapse_after_allogeneic_hct",
        }

    @pytest.mark.parametrize(
        ("phase", "expected"),
        [
            (DiseasePhase.PRIMARY_REFRACTORY, F),
            (DiseasePhase.FIRST_RELAPSE, T),
            (DiseasePhase.SECOND_OR_LATER_RELAPSE, T),
            (DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT, T),
            (DiseasePhase.IN_CR, F),
            (DiseasePhase.MRD_POSITIVE_CR, F),
        ],
    )
    def test_in_relapse(self, phase: DiseasePhase, expected: Truth) -> None:
        """True in each relapse phase, false when refractory or in remission."""
        assert truth(in_relapse("c"), row(phase=phase)) is expected
        assert truth(in_relapse("c")) is U

    def test_relapse_after_allogeneic_hct(self) -> None:
        """Only the relapse after allogeneic HCT, not a first or later relapse."""
        node = relapse_after_allogeneic_hct("c")
        assert truth(node, row(phase=DiseasePhase.RELAPSE_AFTER_ALLOGENEIC_HCT)) is T
        assert truth(node, row(phase=DiseasePhase.SECOND_OR_LATER_RELAPSE)) is F
        assert truth(node) is U

    def test_relapsed_or_refractory(self) -> None:
        """The derived yes/no fact."""
        node = relapsed_or_refractory("c")
        values = (True, False, None)
        assert [truth(node, row(relapsed_or_refractory=v)) for v in values] == [T, F, U]

    def test_refractory(self) -> None:
        """Either primary refractory or refractory to salvage; the prefix reaches every id."""
        node = refractory("c", prefix="eu_")
        assert ids(node) == ["eu_refractory", "eu_primary_refractory", "eu_refractory_to_salvage"]
        both_no = row(primary_refractory=False, refractory_to_salvage=False)
        assert truth(node, both_no) is F
        assert truth(node, row(primary_refractory=False, refractory_to_salvage=True)) is T
        assert truth(node, row(primary_refractory=False)) is U

    def test_second_or_later_relapse(self) -> None:
        """In relapse with two relapses recorded; one relapse, or remission, is not."""
        node = second_or_later_relapse("c")
        assert ids(node) == ["second_or_later_relapse", "in_relapse", "two_relapses"]
        relapse = DiseasePhase.SECOND_OR_LATER_RELAPSE
        assert truth(node, row(phase=relapse, relapse_count=2)) is T
        assert truth(node, row(phase=DiseasePhase.FIRST_RELAPSE, relapse_count=1)) is F
        assert truth(node, row(phase=DiseasePhase.IN_CR, relapse_count=2)) is F

    def test_systemic_disease(self) -> None:
        """Not an isolated extramedullary relapse."""
        node = systemic_disease("c", prefix="p_")
        assert ids(node) == [
            "p_systemic_disease",
            "p_systemic_disease_isolated_extramedullary_relapse",
        ]
        values = (False, True, None)
        assert [truth(node, row(isolated_extramedullary_relapse=v)) for v in values] == [T, F, U]


class TestRemission:
    """Remission, complete remission, MRD-positive remission."""

    def test_in_remission(self) -> None:
        """The derived yes/no fact."""
        node = in_remission("c")
        assert [truth(node, row(in_remission=v)) for v in (True, False, None)] == [T, F, U]

    def test_in_complete_remission(self) -> None:
        """CR only: CRh and CRi are not complete remission with count recovery."""
        node = in_complete_remission("c")
        kinds = [RemissionKind.CR, RemissionKind.CRH, RemissionKind.CRI]
        assert [truth(node, row(remission_kind=k)) for k in kinds] == [T, F, F]

    @pytest.mark.parametrize(
        ("low", "high", "expected"),
        [
            (2e-3, 2e-3, T),  # detected above the cut
            (1e-4, 1e-4, T),  # at the cut: positive
            (9e-5, 9e-5, F),  # detected just below it
            (0.0, math.nextafter(1e-4, 0.0), F),  # not detected at sensitivity 1e-4
            (0.0, math.nextafter(1e-3, 0.0), U),  # not detected at 1e-3: not evaluable
        ],
    )
    def test_mrd_positive_in_remission(self, low: float, high: float, expected: Truth) -> None:
        """MRD of 1e-4 or more in a current result in remission; a 'not detected' from an
        assay less sensitive than 1e-4 leaves it unknown (it read false)."""
        node = mrd_positive_in_remission("c")
        assert node.id == "mrd_positive_remission"
        facts = row(mrd_level_in_remission=low)
        upper = list(facts.upper)
        upper[fact_index("mrd_level_in_remission")] = high
        assert truth(node, attrs.evolve(facts, upper=tuple(upper))) is expected


class TestPatient:
    """The treating team's judgements and the TKI history."""

    def test_fitness(self) -> None:
        """Both fitness blocks read the same fact; the trial one cites the review's section
        on remission induction first."""
        therapy_node, trial_node = fit_for_intensive("c"), fit_for_intensive_arm("c")
        assert therapy_node.id == trial_node.id == "fit_for_intensive_therapy"
        assert trial_node.citations == (REVIEW_REMISSION_INDUCTION, "c")
        assert REVIEW_REMISSION_INDUCTION == "review-remission-induction"
        for node in (therapy_node, trial_node):
            values = (True, False, None)
            assert [truth(node, row(fit_for_intensive_therapy=v)) for v in values] == [T, F, U]

    @pytest.mark.parametrize(
        ("block", "fact"),
        [
            (adequate_organ_function, "adequate_organ_function"),
            (certified_car_t_centre, "certified_car_t_centre"),
        ],
    )
    def test_recorded_judgements(self, block: Callable[..., Is], fact: str) -> None:
        """A recorded judgement: yes is true, no is false, unrecorded is unknown."""
        node = block("c")
        assert node.id == fact
        assert [truth(node, row(**{fact: v})) for v in (True, False, None)] == [T, F, U]

    def test_imatinib_failed(self) -> None:
        """Imatinib itself failed (resistance or intolerance), read from imatinib_failure:
        the failure of another TKI does not count."""
        node = imatinib_failed("c", prefix="x_")
        assert ids(node) == ["x_imatinib_failed"]
        assert truth(node, row(imatinib_failure=True)) is T
        assert truth(node, row(imatinib_failure=False, tki_resistance=True)) is F
        assert truth(node, row(imatinib_failure=None, tki_resistance=True)) is U


class TestOptions:
    """The two option builders."""

    def test_therapy_and_trial(self) -> None:
        """The kind is set by the builder; a trial may carry registry ids."""
        criteria = adult("c")
        made = therapy(id="x", name="X", citations=("c",), criteria=criteria)
        assert (made.kind, made.registry_ids, made.notes) == (OptionKind.THERAPY, (), ())
        archetype = trial(
            id="y", name="Y", citations=("c",), criteria=criteria, registry_ids=("NCT00000000",)
        )
        assert (archetype.kind, archetype.registry_ids) == (OptionKind.TRIAL, ("NCT00000000",))
