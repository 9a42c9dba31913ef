"""The FHIR code tables: every entry complete, cited and unambiguous."""

from __future__ import annotations

from allmodel.io.fhir import _systems
from allmodel.io.fhir._codes import code_table, code_table_names
from allmodel.sources import SourceKind, source

KNOWN_SYSTEMS = {
    _systems.LOINC,
    _systems.SNOMED,
    _systems.RXNORM,
    _systems.ICD10CM,
    _systems.ICD10,
    _systems.ICD10GM,
    _systems.NDC,
    *_systems.ATC_SYSTEMS,
    _systems.CONDITION_CLINICAL,
    _systems.CONDITION_VERIFICATION,
    _systems.OBSERVATION_INTERPRETATION,
    _systems.REFERENCE_RANGE_MEANING,
}


def test_there_is_a_table_per_domain() -> None:
    assert "person" in code_table_names()


def test_every_entry_is_complete_and_cites_a_code_system() -> None:
    for name in code_table_names():
        table = code_table(name)
        assert table.entries, name
        for entry in table.entries:
            for text in (entry.code, entry.display, entry.means, entry.checked):
                assert text, entry
                assert text.strip() == text, entry
            assert source(entry.source).kind is SourceKind.CODE_SYSTEM, entry
            assert entry.system in KNOWN_SYSTEMS, entry


def test_a_code_has_one_meaning_per_table() -> None:
    for name in code_table_names():
        seen: dict[tuple[str, str], str] = {}
        for entry in code_table(name).entries:
            key = (entry.system, entry.code)
            assert seen.setdefault(key, entry.means) == entry.means, (name, key)


def test_lookups() -> None:
    person = code_table("person")
    assert person.get("http://snomed.info/sct", "248152002") is not None
    assert person.get("http://snomed.info/sct", "0") is None
    assert person.get(None, "248152002") is None
    assert person.first("male").code == "248153007"
