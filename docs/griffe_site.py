"""A griffe extension for the site's API reference (``mkdocs.yml``, mkdocstrings options).

- The docstrings cross-reference with Sphinx roles (``:class:`~allmodel.model.Patient```),
  which mkdocstrings does not read: each becomes the name in code, linked to its page when
  the site documents it (an optional autorefs link, so a private or relative target is
  shown as plain code, never a broken link).
- A module constant whose value is long (a table such as ``ANALYTES``) is shown with its
  type and description but without its value; short values (thresholds) are kept.
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

#: A Sphinx cross-reference role: its kind, a leading ``~`` (show the last part only) and
#: its target.
ROLE = re.compile(r":(?:class|func|meth|attr|data|mod|exc|obj|const):`(~?)([\w.]+)(\(\))?`")

#: Values longer than this (in characters of source) are left out of the page.
LONGEST_VALUE = 80


def public_parent(path: str) -> str:
    """The dotted path up to (not including) its first private part, or its parent:
    ``allmodel.model._patient.Patient`` gives ``allmodel.model``."""
    parts = path.split(".")
    for index, part in enumerate(parts):
        if part.startswith("_"):
            return ".".join(parts[:index])
    return ".".join(parts[:-1])


def cross_references(text: str, *, module: str) -> str:
    """``text`` with each Sphinx role replaced by an optional link around the name in code;
    a target without a dot is looked up in ``module``."""

    def replace(match: re.Match[str]) -> str:
        short, target, call = match.group(1), match.group(2), match.group(3) or ""
        shown = target.rsplit(".", 1)[-1] if short else target
        identifier = target if "." in target else f"{module}.{target}"
        return (
            f'<autoref identifier="{html.escape(identifier)}" optional>'
            f"<code>{html.escape(shown + call)}</code></autoref>"
        )

    return ROLE.sub(replace, text)


class SiteDocstrings(griffe.Extension):
    """Rewrites Sphinx roles and drops long constant values (see the module docstring)."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Adjust one object once the whole tree is loaded."""
        if obj.docstring is not None:
            # a module is its own namespace; anything else is looked up in its parent
            module = public_parent(f"{obj.path}.x" if obj.is_module else obj.path)
            obj.docstring.value = cross_references(obj.docstring.value, module=module)
        if isinstance(obj, griffe.Attribute) and len(str(obj.value or "")) > LONGEST_VALUE:
            obj.value = None
