"""The catalogue as a whole: the therapy options and trial archetypes, their order in the
default ruleset, and the form every option and criterion node takes (texts, citations,
notes, registry ids). What one option holds is tested in its own file.

The options are looked up by id in the default ruleset when a test runs, so that a
mutated option (scripts/mutate_rules.py) is the one tested."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import allmodel
from allmodel.catalogue import (
    CATALOGUE_IDS,
    THERAPIES,
    THERAPY_IDS,
    TRIAL_IDS,
    TRIALS,
    default_ruleset,
)
from allmodel.criteria import All, OptionKind, walk

_NCT = re.compile(r"NCT\d{8}")


def test_therapy_ids_in_catalogue_order() -> None:
    """THERAPIES holds every therapy id of the catalogue, in THERAPY_IDS order."""
    assert tuple(option.id for option in THERAPIES) == THERAPY_IDS


def test_trial_ids_in_order() -> None:
    """The archetype ids are TRIAL_IDS, in order."""
    assert tuple(option.id for option in TRIALS) == TRIAL_IDS


def test_default_ruleset_holds_them() -> None:
    """The default ruleset holds the therapy options, then the trial archetypes: the
    catalogue's ids, in order."""
    ruleset = default_ruleset()
    assert ruleset.ids == CATALOGUE_IDS == THERAPY_IDS + TRIAL_IDS
    assert tuple(ruleset.option(id_) for id_ in CATALOGUE_IDS) == THERAPIES + TRIALS


@pytest.mark.parametrize("option_id", THERAPY_IDS)
def test_every_therapy_is_a_therapy(option_id: str) -> None:
    """Every therapy option is of the therapy kind and attaches no trial registry id."""
    option = default_ruleset().option(option_id)
    assert option.kind is OptionKind.THERAPY
    assert option.registry_ids == ()


@pytest.mark.parametrize("option_id", TRIAL_IDS)
def test_every_archetype_is_a_cited_trial(option_id: str) -> None:
    """Each archetype is a trial citing a numbered reference of the review (the trial's
    report); its other sources are tested in tests/sources/test_trial_sources.py."""
    option = default_ruleset().option(option_id)
    assert option.kind is OptionKind.TRIAL
    assert any(re.fullmatch(r"review-ref-\d+", c) for c in option.citations)


@pytest.mark.parametrize("option_id", CATALOGUE_IDS)
def test_every_option_cited_and_annotated(option_id: str) -> None:
    """Every option has citations, each a distinct non-blank text, and notes, each a
    sentence (no stray white space, a full stop at the end). For the trial archetypes
    the notes list what was left out."""
    option = default_ruleset().option(option_id)
    assert option.citations
    assert len(set(option.citations)) == len(option.citations)
    for citation in option.citations:
        assert citation == citation.strip() != ""
    assert option.notes
    for note in option.notes:
        assert note == note.strip()
        assert note.endswith("."), note


@pytest.mark.parametrize("option_id", CATALOGUE_IDS)
def test_every_node_has_text_and_citations(option_id: str) -> None:
    """Every criterion node has a text (no stray white space) and at least one citation,
    each distinct and non-blank."""
    option = default_ruleset().option(option_id)
    for node in walk(option.criteria):
        assert node.text == node.text.strip() != "", node.id
        assert node.citations, node.id
        assert len(set(node.citations)) == len(node.citations), node.id
        assert all(c == c.strip() != "" for c in node.citations), node.id


@pytest.mark.parametrize("option_id", TRIAL_IDS)
def test_roots_combine_criteria(option_id: str) -> None:
    """Every archetype's root is an All node (not any other group) named after the
    archetype."""
    option = default_ruleset().option(option_id)
    assert type(option.criteria) is All
    assert option.criteria.id == option.id


@pytest.mark.parametrize("option_id", TRIAL_IDS)
def test_registry_ids_are_nct_numbers(option_id: str) -> None:
    """Attached registry ids look like NCT followed by eight digits."""
    option = default_ruleset().option(option_id)
    for registry_id in option.registry_ids:
        assert _NCT.fullmatch(registry_id), registry_id


def test_confirmed_registry_ids() -> None:
    """Only the registry ids REFERENCE-B confirms are attached."""
    attached = {option.id: option.registry_ids for option in TRIALS if option.registry_ids}
    assert attached == {
        "tower": ("NCT02013167",),
        "alcantara": ("NCT02000427",),
        "blast": ("NCT01207388",),
        "ino_vate": ("NCT01564784",),
        "inotuzumab_phase12": ("NCT01363297",),
        "eliana": ("NCT02435849",),
        "zuma_3": ("NCT02614066",),
        "swog_s0530": ("NCT00337168",),
        "dasatinib_schedule": ("NCT00123487",),
    }


def test_modules_stay_small() -> None:
    """Each module of the therapies package stays well under 500 lines."""
    package = Path(allmodel.catalogue._therapies.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert modules
    for module in modules:
        assert len(module.read_text(encoding="utf-8").splitlines()) < 500, module.name
