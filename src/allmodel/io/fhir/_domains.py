"""The domains of the FHIR mapping, in writing order, and the reader's dispatch tables."""

from __future__ import annotations

from collections.abc import Mapping

from allmodel.io.fhir import (
    _conditions,
    _course,
    _disease,
    _events,
    _labs,
    _mrd,
    _observations,
    _person,
)
from allmodel.io.fhir._domain import CodedReader, Domain, TypedReader

__all__ = ["CODED", "DOMAINS", "TYPED"]

#: Every domain; the person domain first, so that the Patient is the Bundle's first entry.
DOMAINS: tuple[Domain, ...] = (
    _person.DOMAIN,
    _observations.DOMAIN,
    _labs.DOMAIN,
    _disease.DOMAIN,
    _mrd.DOMAIN,
    _conditions.DOMAIN,
    _course.DOMAIN,
    _events.DOMAIN,
)


def _merge() -> tuple[Mapping[tuple[str, str, str], CodedReader], Mapping[str, TypedReader]]:
    coded: dict[tuple[str, str, str], CodedReader] = {}
    typed: dict[str, TypedReader] = {}
    owner: dict[object, str] = {}
    for domain in DOMAINS:
        for key, reader in domain.coded.items():
            if key in coded:
                raise AssertionError(f"{key} is claimed by {owner[key]} and {domain.name}")
            coded[key], owner[key] = reader, domain.name
        for kind, typed_reader in domain.typed.items():
            if kind in typed:
                raise AssertionError(f"{kind} is claimed by {owner[kind]} and {domain.name}")
            typed[kind], owner[kind] = typed_reader, domain.name
    return coded, typed


CODED, TYPED = _merge()
