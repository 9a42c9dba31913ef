"""The reader's input: a Bundle, one resource or a list of them, checked and indexed.

Input is JSON text, bytes, a file path, decoded JSON or ``fhir.resources`` model objects.
Text and files are decoded within the limits of :mod:`allmodel._jsonio.decoding`
(:func:`allmodel.io.load_patient` uses the same). With ``validate=True`` every resource is
checked against the ``fhir.resources`` R4B model of its type (element names, data types,
cardinality, required elements); each problem pydantic finds becomes a problem of one
:class:`~allmodel.errors.FhirError` at its FHIR path, so no pydantic error escapes.

References are resolved inside the input: ``fullUrl`` (``urn:uuid:…`` or absolute), the
relative ``Type/id`` form (also against absolute ``fullUrl``s ending in it) and contained
resources (``#id``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from allmodel.errors import DocumentError, FhirError, Problem
from allmodel.io._documents import read_json
from allmodel.io.fhir._element import Element, fail, member_path, one_line

__all__ = ["FhirInput", "Resource", "read_input"]

FhirSource = object


class Resource:
    """One resource of the input, where it is, and the ``fullUrl`` it was given.

    Its ``path`` and ``id`` are read once, when it is made: the reader asks for them for
    every element it reports.
    """

    __slots__ = ("element", "full_url", "id", "path", "type")

    element: Element
    type: str
    full_url: str | None
    #: The resource's FHIR path.
    path: str
    #: The resource's ``id`` (``None`` when it has none).
    id: str | None

    def __init__(self, element: Element, type: str, full_url: str | None = None) -> None:
        self.element = element
        self.type = type
        self.full_url = full_url
        self.path = element.path
        obj = element.value
        found = (obj if isinstance(obj, dict) else element.object()).get("id")
        self.id = found if isinstance(found, str) else None

    def __repr__(self) -> str:
        return f"Resource(type={self.type!r}, path={self.path!r})"


@attrs.frozen
class FhirInput:
    """The resources of the input, in input order, and their reference index."""

    resources: tuple[Resource, ...]
    _index: Mapping[str, Resource]

    def resolve(self, reference: str, within: Resource | None = None) -> Resource | None:
        """The resource ``reference`` points to (``None`` when it is not in the input)."""
        if reference.startswith("#"):
            return self._contained(reference[1:], within) if within is not None else None
        found = self._index.get(reference)
        if found is not None:
            return found
        parts = reference.rstrip("/").split("/")
        if len(parts) >= 2:  # an absolute URL or a versioned reference: try Type/id
            if len(parts) >= 4 and parts[-2] == "_history":
                parts = parts[:-2]
            return self._index.get("/".join(parts[-2:]))
        return None

    def _contained(self, wanted: str, within: Resource) -> Resource | None:
        for item in within.element.items("contained"):
            obj = item.object()
            if obj.get("id") == wanted and isinstance(obj.get("resourceType"), str):
                return Resource(item, obj["resourceType"])
        return None


def _decode(source: object) -> object:
    if hasattr(source, "model_dump") and hasattr(source, "get_resource_type"):
        return source.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(source, (list, tuple)):
        # One level only: an item that is itself a list is no resource, and is reported
        # as such where the resources are read (decoding it would recurse as deep as
        # the nesting goes).
        return [item if isinstance(item, (list, tuple)) else _decode(item) for item in source]
    if isinstance(source, (str, bytes, os.PathLike, Mapping)):
        try:
            return read_json(source)
        except DocumentError as error:
            raise FhirError([p.prefixed("") for p in error.problems]) from None
    raise FhirError(
        [
            Problem(
                "",
                "FHIR input must be JSON text, bytes, a file path, decoded JSON or "
                f"fhir.resources models, not {type(source).__name__}",
            )
        ]
    )


#: The paths of the first Bundle entries' resources, spelled once.
_ENTRY_PATHS = tuple(f"Bundle.entry[{index}].resource" for index in range(512))


def _entry_path(index: int) -> str:
    if index < len(_ENTRY_PATHS):
        return _ENTRY_PATHS[index]
    return f"Bundle.entry[{index}].resource"


def _roots(data: object) -> Iterator[tuple[Element, str | None]]:
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield Element(item, f"[{index}]"), None
        return
    if not isinstance(data, dict):
        raise fail("", "FHIR input must be a resource, a Bundle or a list of resources")
    kind = data.get("resourceType")
    root = Element(data, kind if isinstance(kind, str) and kind.isidentifier() else "")
    if kind != "Bundle":
        yield root, None
        return
    entries = data.get("entry")
    if type(entries) is not list:
        yield from _entries(root)
        return
    for index, entry in enumerate(entries):
        # The usual entry, read without wrapping it; anything else is read by _entries,
        # which names what is wrong with it.
        if type(entry) is dict:
            resource = entry.get("resource")
            url = entry.get("fullUrl")
            if resource is None:
                continue  # a request-only entry (a DELETE): nothing to read
            if url is None or (type(url) is str and url.strip()):
                yield Element(resource, _entry_path(index)), url
                continue
        yield from _entries(root, index)


def _entries(root: Element, only: int | None = None) -> Iterator[tuple[Element, str | None]]:
    """The resources of a Bundle's entries (of entry ``only``, when given), with every
    problem of their shape named at its path."""
    for index, entry in enumerate(root.items("entry")):
        if only is not None and index != only:
            continue
        resource = entry.child("resource")
        if resource is None:
            continue  # a request-only entry (a DELETE): nothing to read
        url = entry.child("fullUrl")
        yield resource, url.string() if url is not None else None


def _resource(element: Element, full_url: str | None) -> Resource:
    obj = element.value
    kind = obj.get("resourceType") if type(obj) is dict else None
    if type(kind) is str and kind.isidentifier() and kind[:1].isupper():
        return Resource(element, kind, full_url)
    kind = element.need("resourceType").string()
    if not (kind.isidentifier() and kind[:1].isupper()):
        raise fail(f"{element.path}.resourceType", f"is not a FHIR resource type: {kind!r}")
    return Resource(element, kind, full_url)


def _found(data: object) -> list[Resource]:
    """The resources of the input, as ``_resource`` makes them from ``_roots``; the usual
    Bundle entry (an object with a ``resource`` object of a valid ``resourceType`` and a
    ``fullUrl`` string, if any) is read straight from the decoded JSON."""
    bundle = isinstance(data, dict) and type(data) is dict and data.get("resourceType") == "Bundle"
    entries = data.get("entry") if bundle and isinstance(data, dict) else None
    if type(entries) is not list:
        return [_resource(element, url) for element, url in _roots(data)]
    resources: list[Resource] = []
    new = object.__new__
    for index, entry in enumerate(entries):
        if type(entry) is dict:
            obj = entry.get("resource")
            url = entry.get("fullUrl")
            if obj is None:
                continue  # a request-only entry (a DELETE): nothing to read
            if url is None or (type(url) is str and url.strip()):
                path = _entry_path(index)
                kind = obj.get("resourceType") if type(obj) is dict else None
                if type(kind) is str and kind.isidentifier() and kind[:1].isupper():
                    found = obj.get("id")
                    made: Resource = new(Resource)
                    made.element = Element(obj, path)
                    made.type = kind
                    made.full_url = url
                    made.path = path
                    made.id = found if isinstance(found, str) else None
                    resources.append(made)
                else:
                    resources.append(_resource(Element(obj, path), url))
                continue
        resources.extend(
            _resource(element, url) for element, url in _entries(Element(data, "Bundle"), index)
        )
    return resources


def _validate(resources: Sequence[Resource]) -> None:
    try:
        import pydantic  # noqa: PLC0415 - the optional extra, needed only to validate
        from fhir.resources.R4B import get_fhir_model_class  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the extra is installed in the suite
        raise fail(
            "",
            "validate=True needs fhir.resources: install allmodel[fhir] "
            "(or pass validate=False for input already validated)",
        ) from None
    problems: list[Problem] = []
    for resource in resources:
        try:
            model = get_fhir_model_class(resource.type)
        except (ValueError, KeyError):
            problems.append(
                Problem(
                    f"{resource.path}.resourceType",
                    f"is not a FHIR R4B resource: {resource.type!r}",
                )
            )
            continue
        try:
            model.model_validate(resource.element.value)
        except pydantic.ValidationError as error:
            for item in error.errors():
                where = resource.path
                for part in item["loc"]:
                    if isinstance(part, int):
                        where = f"{where}[{part}]"
                    elif part != "__root__":
                        where = member_path(where, str(part))
                problems.append(Problem(where, one_line(_message(item))))
        except Exception:
            # The models fail outside pydantic on some input: fhir.resources raises
            # KeyError or TypeError (not a ValidationError) for a nested resource whose
            # resourceType is unknown or not a string.
            found = list(_nested_types(resource, get_fhir_model_class))
            problems.extend(
                found
                or [Problem(resource.path, "the FHIR R4B models cannot validate this resource")]
            )
    if problems:
        raise FhirError(problems)


def _nested_types(resource: Resource, model_of: Callable[[str], object]) -> Iterator[Problem]:
    """A problem for every resource nested in ``resource`` (``contained``, a Bundle's
    entries) whose ``resourceType`` is not a FHIR R4B resource type."""
    stack: list[tuple[str, object]] = [(resource.path, resource.element.value)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
        elif isinstance(value, dict):
            kind = value.get("resourceType")
            if kind is not None and path != resource.path:
                try:
                    known = isinstance(kind, str) and model_of(kind) is not None
                except (KeyError, ValueError):
                    known = False
                if not known:
                    yield Problem(
                        member_path(path, "resourceType"),
                        f"is not a FHIR R4B resource type: {one_line(repr(kind))}",
                    )
            stack.extend(
                (member_path(path, str(key)), item) for key, item in reversed(value.items())
            )


def _message(item: Mapping[str, Any]) -> str:
    """pydantic's message, without the 'Value error, ' prefix it adds to validator errors."""
    text = str(item.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        text = text.removeprefix(prefix)
    if item.get("type") == "missing":
        return "is required but absent"
    if item.get("type") == "extra_forbidden":
        return "is not an element of this resource type in FHIR R4B"
    return text


def read_input(source: FhirSource, *, validate: bool) -> FhirInput:
    """Decode, check and index the input (see the module docstring).

    Raises:
        FhirError: Every problem found, each at its FHIR path.
    """
    data = _decode(source)
    resources = _found(data)
    if validate:
        _validate(resources)
    index: dict[str, Resource] = {}
    for resource in resources:
        keys = [resource.full_url] if resource.full_url else []
        if resource.id is not None:
            keys.append(f"{resource.type}/{resource.id}")
        for key in keys:
            index.setdefault(key, resource)
    return FhirInput(tuple(resources), index)
