"""The optional libraries of :mod:`allmodel.cohort`, imported when first used.

The core of allmodel never imports pyarrow, DuckDB, sqlglot, orjson or PySpark; the cohort
functions import them when called, through :func:`need`, so ``import allmodel.cohort``
works without them and a missing one is named with the extra that installs it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["need"]

#: The extra that installs each optional library.
_EXTRAS = {
    "pyarrow": "cohort",
    "pyarrow.parquet": "cohort",
    "duckdb": "cohort",
    "sqlglot": "cohort",
    "orjson": "cohort",
    "pyspark": "spark",
    "pyspark.sql": "spark",
}


def need(module: str) -> ModuleType:
    """Import ``module``, one of the cohort extras' libraries.

    Raises:
        ImportError: It is not installed; the message names the extra to install
            (``pip install 'allmodel[cohort]'``).
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        extra = _EXTRAS.get(module, "cohort")
        package = module.partition(".")[0]
        raise ImportError(
            f"allmodel.cohort needs {package}, from the '{extra}' extra:"
            f" pip install 'allmodel[{extra}]'"
        ) from error
