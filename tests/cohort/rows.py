"""Fact tables built from fact rows, not patients: hand-made rows for the leaves, and
random rows drawn around every constant the criteria compare with.

Random rows reach what synthetic patients rarely do: a value exactly at a threshold, an
interval straddling it, an infinite upper bound, any mix of unknowns.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import pyarrow as pa

from allmodel.catalogue import default_ruleset
from allmodel.cohort._columns import fact_schema, table_metadata
from allmodel.cohort._table import rows_batch
from allmodel.criteria import Option, Threshold, walk
from allmodel.facts import FACTS, FactType, fact_index

AS_OF = date(2022, 12, 31)

#: A fact row: lower bounds and upper bounds, in FACTS order.
Row = tuple[tuple[object, ...], tuple[object, ...]]


def row(upper: Mapping[str, object] | None = None, **values: object) -> Row:
    """A row: the given values (exact unless ``upper`` gives the upper bound), else unknown."""
    return row_of(values, upper)


def row_of(values: Mapping[str, object], upper: Mapping[str, object] | None = None) -> Row:
    """A row: ``values`` (exact unless ``upper`` gives the upper bound), else unknown."""
    lows: list[object] = [None] * len(FACTS)
    highs: list[object] = [None] * len(FACTS)
    for name, value in values.items():
        lows[fact_index(name)] = highs[fact_index(name)] = value
    for name, high in (upper or {}).items():
        highs[fact_index(name)] = high
    return tuple(lows), tuple(highs)


def table_of(rows: Sequence[Row]) -> pa.Table:
    """A fact table (the default ruleset's metadata) of ``rows``, keyed ``r0``, ``r1``, ..."""
    batch = rows_batch(
        [f"r{i}" for i in range(len(rows))],
        ["sha256:-"] * len(rows),
        AS_OF,
        [low for low, _ in rows],
        [high for _, high in rows],
    )
    schema = fact_schema(table_metadata(default_ruleset()))
    return pa.Table.from_batches([batch], schema=schema)


def constants(options: Iterable[Option]) -> dict[str, list[float]]:
    """Every constant each numeric fact is compared with by ``options``."""
    found: dict[str, list[float]] = {}
    for option in options:
        for node in walk(option.criteria):
            if isinstance(node, Threshold):
                found.setdefault(node.fact, []).append(node.threshold)
    return found


def _number(rng: random.Random, near: list[float], integer: bool) -> float:
    if near and rng.random() < 0.8:
        c = rng.choice(near)
        step = 1.0 if integer else rng.choice((abs(c) * 1e-9 or 1e-12, abs(c) * 0.1 or 0.1))
        value = rng.choice((c, c - step, c + step))
    else:
        value = rng.uniform(-5.0, 200.0)
    return float(math.floor(value)) if integer else value


def random_rows(count: int, options: Iterable[Option], seed: int) -> list[Row]:
    """``count`` random rows: each fact unknown, exact, or (for interval facts) an
    interval, possibly unbounded above, with numbers drawn near the options' constants."""
    rng = random.Random(seed)
    near = constants(options)
    rows: list[Row] = []
    for _ in range(count):
        lows: list[object] = []
        highs: list[object] = []
        for spec in FACTS:
            if rng.random() < 0.25:
                lows.append(None)
                highs.append(None)
                continue
            if spec.type is FactType.BOOLEAN:
                value: object = rng.random() < 0.5
            elif spec.type is FactType.CATEGORY:
                value = str(rng.choice(spec.categories))
            else:
                integer = spec.type is FactType.INTEGER
                low = _number(rng, near.get(spec.name, []), integer)
                if integer and not spec.interval:
                    value = int(low)
                elif spec.interval and rng.random() < 0.5:
                    kind = rng.random()
                    high: object
                    if kind < 0.1:
                        low = high = math.inf
                    elif kind < 0.5:
                        high = math.inf
                    else:
                        high = max(low, _number(rng, near.get(spec.name, []), integer))
                    lows.append(low)
                    highs.append(high)
                    continue
                else:
                    value = low
            lows.append(value)
            highs.append(value)
        rows.append((tuple(lows), tuple(highs)))
    return rows


def decoded(table: pa.Table) -> pa.Table:
    """``table`` with its dictionary-encoded (status) columns as plain strings, as a Spark
    DataFrame holds them."""
    fields = [
        pa.field(f.name, pa.string()) if pa.types.is_dictionary(f.type) else f for f in table.schema
    ]
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))
