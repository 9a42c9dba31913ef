"""Pickling of the patient model: every class rebuilt exactly, without its checks.

Model classes pickle as their field values (``allmodel._model.PickledByFields``) and
enumerations as their member names (``pickled_by_name``), each class and member named by
a key that the receiving process looks up once: what a worker process receives
must be the very object that was sent, every field (those a class derives itself, such
as a laboratory result's canonical value, too) identical, whatever the protocol.
"""

from __future__ import annotations

import copy
import enum
import inspect
import pickle
import subprocess
import sys
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import allmodel.model
from allmodel import _model, measures
from allmodel._model import Model, PickledByFields
from allmodel.io import patient_to_json
from allmodel.synthetic import synthetic_cohort
from tests.model.test_properties import _IDS, MODEL_STRATEGIES, SMALL

_CLASSES = [
    cls
    for module in (allmodel.model, measures)
    for _, cls in inspect.getmembers(module, inspect.isclass)
    if issubclass(cls, Model) and attrs.has(cls)
]
_ENUMS = [
    cls
    for _, cls in inspect.getmembers(allmodel.model, inspect.isclass)
    if issubclass(cls, enum.Enum) and cls.__module__.startswith("allmodel.model")
]


def _fields(obj: Any) -> list[tuple[str, Any]]:
    """Every field of an attrs object (``init=False`` ones too), with its value."""
    return [(field.name, getattr(obj, field.name)) for field in attrs.fields(type(obj))]


def _assert_same(copied: Any, original: Any) -> None:
    """Same class, equal, and every field equal and of the same type, all the way down."""
    assert type(copied) is type(original)
    assert copied == original
    if isinstance(original, enum.Enum):
        assert copied is original
    elif attrs.has(type(original)):
        for (name, value), (_, expected) in zip(_fields(copied), _fields(original), strict=True):
            assert type(value) is type(expected), name
            _assert_same(value, expected)
    elif isinstance(original, tuple):
        for value, expected in zip(copied, original, strict=True):
            _assert_same(value, expected)


def test_every_model_class_pickles_by_fields() -> None:
    """Each model class (and each measure) of the patient model uses the quick pickling."""
    assert len(_CLASSES) >= 18
    for cls in _CLASSES:
        assert issubclass(cls, PickledByFields), cls


@pytest.mark.parametrize("cls", _ENUMS, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_every_enumeration_member_unpickles_as_itself(cls: type[enum.Enum], protocol: int) -> None:
    """Every member of every enumeration of the model, by name."""
    for member in cls:
        pickled = pickle.dumps(member, protocol=protocol)
        assert member.name.encode() in pickled  # by name, not by calling the class
        assert pickle.loads(pickled) is member


@pytest.mark.parametrize(("cls", "strategy"), MODEL_STRATEGIES, ids=_IDS)
@SMALL
@given(data=st.data(), protocol=st.integers(2, pickle.HIGHEST_PROTOCOL))
def test_every_model_class_round_trips(
    cls: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject, protocol: int
) -> None:
    """pickle, copy and deepcopy give the same object, field by field."""
    obj = data.draw(strategy)
    assert type(obj) is cls
    _assert_same(pickle.loads(pickle.dumps(obj, protocol=protocol)), obj)
    _assert_same(copy.copy(obj), obj)
    _assert_same(copy.deepcopy(obj), obj)


def test_a_cohort_round_trips_in_one_pickle() -> None:
    """Synthetic patients sent together (shared members and dates) come back the same."""
    cohort = synthetic_cohort(40)
    for copied, original in zip(pickle.loads(pickle.dumps(cohort)), cohort, strict=True):
        _assert_same(copied, original)
        assert hash(copied) == hash(original)


def test_unpickling_runs_no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy is rebuilt, not made: its constructor (and so its checks) is not called."""
    lab = synthetic_cohort(1)[0].labs[0]
    state = pickle.dumps(lab)
    calls: list[object] = []

    def checked(self: object) -> None:
        calls.append(self)

    monkeypatch.setattr(type(lab), "__attrs_post_init__", checked)
    copied = pickle.loads(state)
    assert calls == []
    assert copied.canonical_value == lab.canonical_value


def test_a_new_process_unpickles_by_key() -> None:
    """Another process (which has found no key yet) finds each class and member by its
    key, and gets the patient that was sent."""
    patient = synthetic_cohort(3)[2]
    reader = (
        "import pickle, sys\n"
        "from allmodel.io import patient_to_json\n"
        "print(patient_to_json(pickle.loads(sys.stdin.buffer.read())), end='')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", reader],
        input=pickle.dumps(patient),
        capture_output=True,
        check=True,
    )
    assert done.stdout.decode() == patient_to_json(patient)


@pytest.mark.parametrize("key", ["builtins:print", "os:system", "allmodel.errors:Problem"])
def test_a_key_of_anything_else_is_refused(key: str) -> None:
    """Keys name model classes and members of model enumerations, nothing else."""
    with pytest.raises(pickle.UnpicklingError):
        _model._rebuild(key, ())
    with pytest.raises(pickle.UnpicklingError):
        _model._member(key)
