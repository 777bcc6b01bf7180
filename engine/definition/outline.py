"""A stored definition's stage order, read without building the definition models.

``ipcycle status`` only sorts counts by stage; the pydantic models and their meaning checks (which load
the policy catalogue) would cost it more than the rest of the command. A stored snapshot was checked in
full when it was loaded and never changes, so its ``stages`` list is known to be sound and the answer
can be cached by its text.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # PyYAML's C parser where it was built with it


@lru_cache(maxsize=64)
def stage_order(snapshot: str) -> tuple[str, ...]:
    """The stage ids of a stored (already checked) definition, in the order the definition lists them."""
    data = yaml.load(snapshot, Loader=_SafeLoader)  # noqa: S506  (a safe loader: the C one, or the pure one)
    return tuple(str(stage["id"]) for stage in data["stages"])
