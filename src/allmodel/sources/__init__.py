"""The sources allmodel cites, resolvable by id: the 2022 review of relapsed or refractory
ALL in adults (``review``) and its sections, each of its numbered references
(``review-ref-1`` ... ``review-ref-78``, bibliographic data exactly as the review lists
it), the drug labels, the trial registry records, other publications the project checked,
and the project's documented decisions for the default ruleset (``decision-1`` ...).

The data are package files (``review.json``, ``labels.json``, ``registry.json``,
``publications.json``, ``decisions.json``), read lazily on first use. ``allmodel sources
[ID]`` prints them.
"""

from __future__ import annotations

from allmodel.sources._registry import (
    Source,
    SourceKind,
    citation_texts,
    source,
    source_ids,
    sources,
)

__all__ = ["Source", "SourceKind", "citation_texts", "source", "source_ids", "sources"]
