"""The cohort extras stay optional: the core never imports them, and a missing one is
named with the extra that installs it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from allmodel.cohort import (
    _documents,
    compile_sql,
    document_hash,
    fact_table,
    run_duckdb,
    run_spark,
)
from allmodel.cohort._extra import need
from allmodel.examples import patients
from tests.cohort.rows import AS_OF

OPTIONAL = ("pyarrow", "duckdb", "sqlglot", "orjson", "pyspark", "pandas")


def test_the_core_and_the_cohort_package_import_none_of_them() -> None:
    """import allmodel, screen a patient, import allmodel.cohort: no optional library loaded."""
    code = (
        "import sys\n"
        "from datetime import date\n"
        "import allmodel, allmodel.screening, allmodel.cohort, allmodel.cli\n"
        "from allmodel import examples\n"
        "allmodel.screen(examples.patient('late_relapse'), as_of=date(2022, 12, 31))\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {OPTIONAL!r})\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("module", "extra"),
    [
        ("pyarrow", "cohort"),
        ("duckdb", "cohort"),
        ("sqlglot", "cohort"),
        ("orjson", "cohort"),
        ("pyspark.sql", "spark"),
    ],
)
def test_a_missing_library_names_its_extra(
    module: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ImportError saying which extra to install."""
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError, match=rf"pip install 'allmodel\[{extra}\]'"):
        need(module)


def test_the_functions_say_so_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each public function raises the extra's ImportError before doing anything."""
    for module in ("pyarrow", "duckdb", "sqlglot", "pyspark.sql"):
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError, match="allmodel"):
        fact_table([], as_of=AS_OF)
    with pytest.raises(ImportError, match="allmodel"):
        compile_sql()
    with pytest.raises(ImportError, match="allmodel"):
        run_duckdb("facts.parquet")
    with pytest.raises(ImportError, match="allmodel"):
        run_spark("facts.parquet", spark_session=None)  # type: ignore[arg-type]


def test_the_document_hash_needs_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without orjson, hashing a patient or a document names the cohort extra (the hash
    is of orjson's text: another writer's would not match the tables written)."""
    monkeypatch.setitem(sys.modules, "orjson", None)
    _documents._orjson.cache_clear()
    try:
        for source in (next(iter(patients().values())), {"sex": "female"}):
            with pytest.raises(ImportError, match=r"pip install 'allmodel\[cohort\]'"):
                document_hash(source)
    finally:
        _documents._orjson.cache_clear()
