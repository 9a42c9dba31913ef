"""Misuse of the page renderer and of coverage entries."""

from __future__ import annotations

from allmodel.catalogue import default_ruleset
from allmodel.criteria import Coverage, CoverageStatus
from allmodel.pages import diff_rulesets, render

option = default_ruleset().options[0]
render(option, "pdf")  # expect: arg-type
render(option, format="md")  # expect: arg-type
render("blinatumomab", "text")  # expect: arg-type
diff_rulesets(default_ruleset(), option)  # expect: arg-type
Coverage(source="review", condition="adults", excluding=True, status="encoded")  # expect: arg-type
Coverage("review", "adults", True, CoverageStatus.ENCODED)  # expect: call-arg
