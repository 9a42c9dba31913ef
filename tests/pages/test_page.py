"""option_page: an option's tree read as flat rules, its notes, coverage and sources.

Each boundary of the reading has its test: what is a rule (the parts of a root All, or a
root of any other kind), what is an exclusion (a Not at the top, never one below), what
is a jurisdiction variant (an Any whose every part is guarded), and where sub-rules appear
(only where the logic nests).
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from allmodel.criteria import (
    All,
    Any,
    Constant,
    Coverage,
    CoverageStatus,
    Is,
    Jurisdiction,
    Not,
    Option,
    OptionKind,
    Ruleset,
)
from allmodel.errors import RuleError
from allmodel.pages import OptionPage, Rule, RuleRole, option_page
from allmodel.sources import source
from tests.pages.examples import ADULT, LABELLED, TRIAL, adult, guard


def rules_by_id(page: OptionPage) -> dict[str, Rule]:
    """Every rule of the page (variants and sub-rules too) by id."""
    return {rule.id: rule for top in page.rules for rule in top.walk()}


def option_with(criteria: All | Any | Not | Constant, **changes: object) -> Option:
    """A therapy with the given tree, citing the review."""
    fields: dict[str, object] = {
        "id": "shape",
        "kind": OptionKind.THERAPY,
        "name": "Shape",
        "criteria": criteria,
        "citations": ("review",),
    }
    fields.update(changes)
    return Option(**fields)  # type: ignore[arg-type]


class TestRules:
    """What a rule is."""

    def test_parts_of_a_root_all(self) -> None:
        """Each part of a root All is a rule, in the tree's order."""
        page = option_page(TRIAL)
        assert [rule.id for rule in page.rules] == [
            "adult",
            "ecog",
            "ph_known",
            "open",
            "disease_state",
            "two_of_three",
            "no_active_gvhd",
            "no_prior_cd19",
        ]
        assert page.summary == "entry criteria"

    def test_root_leaf_is_one_rule(self) -> None:
        """A root that is not an All is a single rule."""
        page = option_page(ADULT)
        assert [(rule.id, rule.condition) for rule in page.rules] == [
            ("adult", "age_years >= 18 years")
        ]
        assert page.summary == "aged 18 or over"
        assert page.summary_citations == ()

    def test_root_any_is_one_rule(self) -> None:
        """A root Any is one rule with its parts as sub-rules."""
        root = Any(
            id="either", text="either", parts=(adult(), Constant(id="c", text="c", value=False))
        )
        [rule] = option_page(option_with(root)).rules
        assert (rule.id, rule.condition, [part.id for part in rule.parts]) == (
            "either",
            "any of",
            ["adult", "c"],
        )

    def test_root_constant(self) -> None:
        """A constant root (always true) is one rule."""
        page = option_page(option_with(Constant(id="always", text="anyone", value=True)))
        assert [(r.id, r.condition, r.role) for r in page.rules] == [
            ("always", "always true", RuleRole.INCLUSION)
        ]

    def test_leaf_conditions(self) -> None:
        """Each leaf kind states its comparison in the fact's words and units."""
        found = {rule.id: rule.condition for rule in option_page(TRIAL).rules}
        assert found["adult"] == "age_years >= 18 years"
        assert found["ecog"] == "ecog <= 1"  # a fact without a unit
        assert found["ph_known"] == "ph_status is recorded"
        assert found["open"] == "always true"
        labelled = rules_by_id(option_page(LABELLED))
        assert labelled["b_precursor"].condition == "lineage in {b_precursor}"
        assert labelled["two_tkis"].condition == "tki_failures >= 2 count"

    def test_facts_and_thresholds_below(self) -> None:
        """A rule lists every fact and threshold below it, each once."""
        rules = rules_by_id(option_page(LABELLED))
        eu = rules["eu_label"]
        assert eu.facts == ("age_years", "ph_status", "tki_failures")
        assert eu.thresholds == ("age_years >= 18 years", "tki_failures >= 2 count")
        assert rules["label_population"].facts == eu.facts
        assert rules["b_precursor"].thresholds == ()


class TestExclusions:
    """A Not at the top is an exclusion; nowhere else."""

    def test_top_level_not_of_a_leaf(self) -> None:
        """Worded by the node it negates; its id is the negation's."""
        rule = rules_by_id(option_page(TRIAL))["no_active_gvhd"]
        assert rule.role is RuleRole.EXCLUSION
        assert (rule.text, rule.condition) == ("active GVHD", "active_gvhd is yes")
        assert rule.parts == ()

    def test_citations_of_both(self) -> None:
        """The negation's citations and the negated node's, each once."""
        rule = rules_by_id(option_page(TRIAL))["no_active_gvhd"]
        assert rule.citations == ("review-ref-31", "review-ref-32")

    def test_top_level_not_of_a_composite(self) -> None:
        """Excluded when any part holds: the parts are its sub-rules."""
        rule = rules_by_id(option_page(TRIAL))["no_prior_cd19"]
        assert (rule.role, rule.text, rule.condition) == (
            RuleRole.EXCLUSION,
            "prior CD19-directed therapy or CAR T cells",
            "any of",
        )
        assert [part.id for part in rule.parts] == ["prior_cd19_directed", "prior_car_t"]

    def test_nested_not_is_no_exclusion(self) -> None:
        """A negation inside an Any is part of an inclusion, on one line."""
        rule = rules_by_id(option_page(TRIAL))["not_in_remission"]
        assert rule.role is RuleRole.INCLUSION
        assert (rule.text, rule.condition, rule.parts) == (
            "not in remission",
            "not (in_remission is yes)",
            (),
        )

    def test_root_not(self) -> None:
        """A root Not is the single rule, an exclusion."""
        root = Not(
            id="no_gvhd", text="no GVHD", part=Is(id="gvhd", text="GVHD", fact="active_gvhd")
        )
        [rule] = option_page(option_with(root)).rules
        assert (rule.id, rule.role, rule.text) == ("no_gvhd", RuleRole.EXCLUSION, "GVHD")

    def test_negated_all_and_double_negation(self) -> None:
        """Not(All) reads 'not all of'; Not(Not(x)) reads as x."""
        both = All(id="both", text="both", parts=(adult("a1"), adult("a2")))
        twice = Not(id="twice", text="twice", part=Not(id="once", text="once", part=adult("a3")))
        root = All(
            id="root",
            text="root",
            parts=(Any(id="wrap", text="wrap", parts=(Not(id="nb", text="nb", part=both), twice)),),
        )
        rules = rules_by_id(option_page(option_with(root)))
        assert rules["nb"].condition == "not all of"
        assert [part.id for part in rules["nb"].parts] == ["a1", "a2"]
        assert (rules["twice"].condition, rules["twice"].text) == ("age_years >= 18 years", "twice")

    def test_inclusions_then_exclusions(self) -> None:
        """The page keeps both lists, each in tree order."""
        page = option_page(TRIAL)
        assert [rule.id for rule in page.exclusions] == ["no_active_gvhd", "no_prior_cd19"]
        assert len(page.inclusions) + len(page.exclusions) == len(page.rules)


class TestVariants:
    """An Any whose every part is guarded by a jurisdiction shows one variant per part."""

    def test_one_variant_per_jurisdiction(self) -> None:
        """US (the jurisdiction alone decides), EU (its own conditions)."""
        rule = rules_by_id(option_page(LABELLED))["label_population"]
        assert rule.condition == "by jurisdiction"
        assert rule.parts == ()
        assert [(v.id, v.jurisdictions) for v in rule.variants] == [
            ("jurisdiction_us", (Jurisdiction.US,)),
            ("eu_label", (Jurisdiction.EU,)),
        ]

    def test_guard_alone(self) -> None:
        """A branch that is only a guard has no further condition."""
        us = rules_by_id(option_page(LABELLED))["jurisdiction_us"]
        assert (us.condition, us.parts, us.citations) == (
            "no further condition",
            (),
            ("review-ref-9",),
        )

    def test_guard_left_out(self) -> None:
        """The guard is not a sub-rule; its citations join the branch's."""
        eu = rules_by_id(option_page(LABELLED))["eu_label"]
        assert [part.id for part in eu.parts] == ["eu_adult", "eu_ph"]
        assert eu.citations == ("review-ref-10", "review-ref-11")
        assert "jurisdiction_eu" not in rules_by_id(option_page(LABELLED))

    def test_partly_guarded_any(self) -> None:
        """One unguarded part: no variants; the guarded part says where it applies."""
        rule = rules_by_id(option_page(TRIAL))["disease_state"]
        assert rule.variants == ()
        assert rule.condition == "any of"
        eu = rule.parts[2]
        assert (eu.id, eu.jurisdictions, [p.id for p in eu.parts]) == (
            "eu_after_hct",
            (Jurisdiction.EU,),
            ["after_hct"],
        )
        assert all(part.jurisdictions == () for part in rule.parts[:2])

    def test_two_guards_are_no_guard(self) -> None:
        """An All with two guards is shown as written, guards included."""
        odd = All(
            id="odd",
            text="odd",
            parts=(guard("g_us", Jurisdiction.US), guard("g_eu", Jurisdiction.EU), adult()),
        )
        root = All(
            id="root", text="root", parts=(Any(id="pick", text="pick", parts=(odd, adult("a2"))),)
        )
        rules = rules_by_id(option_page(option_with(root)))
        assert rules["pick"].variants == ()
        assert [part.id for part in rules["odd"].parts] == ["g_us", "g_eu", "adult"]
        assert rules["g_us"].condition == "jurisdiction in {US}"


class TestNesting:
    """Sub-rules only where the logic nests."""

    def test_top_level_leaves_are_flat(self) -> None:
        """A leaf rule has no sub-rules and no variants."""
        for rule in option_page(TRIAL).rules[:4]:
            assert (rule.parts, rule.variants) == ((), ())

    def test_depth_follows_the_tree(self) -> None:
        """label_population > eu_label > eu_ph > its leaves: four levels, as in the tree."""
        population = rules_by_id(option_page(LABELLED))["label_population"]
        eu = population.variants[1]
        eu_ph = eu.parts[1]
        assert [part.id for part in eu_ph.parts] == ["ph_negative", "two_tkis"]
        assert all(part.parts == () for part in eu_ph.parts)

    def test_at_least(self) -> None:
        """AtLeast reads 'at least N of' with its parts below."""
        rule = rules_by_id(option_page(TRIAL))["two_of_three"]
        assert rule.condition == "at least 2 of"
        assert len(rule.parts) == 3

    def test_every_node_shown_once(self) -> None:
        """Every node is a rule of the page except guards and negations folded into one."""
        ids = [rule.id for top in option_page(TRIAL).rules for rule in top.walk()]
        assert len(ids) == len(set(ids))
        assert "active_gvhd" not in ids  # folded into its exclusion
        assert "eu_only" not in ids  # a guard


class TestSources:
    """Every cited id resolved, in order of first appearance; unknown ids refused."""

    def test_order_of_first_appearance(self) -> None:
        """Option citations, the tree (depth first), coverage, then note markers."""
        page = option_page(LABELLED)
        assert [found.id for found in page.sources] == [
            "review-ref-7",
            "decision-1",
            "review",
            "review-ref-8",
            "review-ref-9",
            "review-ref-10",
            "review-ref-11",
            "review-ref-12",
        ]
        assert page.source("review-ref-12") == source("review-ref-12")

    def test_note_markers_resolved(self) -> None:
        """Markers become short names; a note without markers is unchanged."""
        assert option_page(LABELLED).notes == (
            "Follows the label [decision 1], not the review [review ref 7].",
            "A note without markers.",
        )

    def test_review_marker(self) -> None:
        """The review itself is 'review' in running text."""
        page = option_page(attrs.evolve(ADULT, notes=("See [review].",)))
        assert page.notes == ("See [review].",)

    def test_unknown_citation(self) -> None:
        """A citation that is no source id is an error naming it and the option."""
        bad = attrs.evolve(ADULT, citations=("review refs 7, 8",))
        with pytest.raises(RuleError, match=r"'adult_only' cites 'review refs 7, 8'"):
            option_page(bad)

    def test_unknown_node_citation(self) -> None:
        """A node's unknown citation is refused the same way."""
        bad = attrs.evolve(ADULT, criteria=adult("adult", "REFERENCE-X 1"))
        with pytest.raises(RuleError, match=r"'adult_only' cites 'REFERENCE-X 1'"):
            option_page(bad)

    def test_unknown_marker(self) -> None:
        """A marker naming no source is refused, not shown as it is."""
        bad = attrs.evolve(ADULT, notes=("See [review-ref-999].",))
        with pytest.raises(RuleError, match=r"'adult_only' cites 'review-ref-999'"):
            option_page(bad)

    def test_not_cited(self) -> None:
        """Asking the page for a source the option does not cite is an error."""
        with pytest.raises(RuleError, match="does not cite 'decision-5'"):
            option_page(ADULT).source("decision-5")


class TestHeader:
    """The header's facts."""

    def test_without_ruleset(self) -> None:
        """A stand-alone option has no ruleset."""
        page = option_page(TRIAL)
        assert (page.id, page.kind, page.name) == ("small_trial", OptionKind.TRIAL, "Small trial")
        assert (page.ruleset, page.ruleset_version) == (None, None)

    def test_with_ruleset(self) -> None:
        """Shown as part of a ruleset, the page names it."""
        ruleset = Ruleset(
            name="test-pages",
            version="1.2.3",
            effective=date(2022, 12, 31),
            description="pages",
            options=(TRIAL,),
        )
        page = option_page(TRIAL, ruleset=ruleset)
        assert (page.ruleset, page.ruleset_version) == ("test-pages", "1.2.3")

    def test_coverage_kept(self) -> None:
        """The coverage entries are the option's."""
        assert option_page(LABELLED).coverage == LABELLED.coverage
        entry = Coverage(
            source="review",
            condition="all",
            excluding=True,
            status=CoverageStatus.ENCODED,
            rule="adult",
        )
        assert option_page(attrs.evolve(ADULT, coverage=(entry,))).coverage == (entry,)
