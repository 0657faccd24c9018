"""Problems found in content files, each tied to a ``path:line``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file.

    ``error`` means the content cannot be shown as written (the build fails even
    without ``--strict``); ``warning`` means it can be shown in a degraded form
    (a detached note, a broken link) and only ``--strict`` fails.
    """

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def suggest(name: str, candidates: Iterable[str], n: int = 3) -> str:
    """Return ' (did you mean: a, b?)' for the nearest candidates, or ''."""
    close = difflib.get_close_matches(name, list(candidates), n=n, cutoff=0.6)
    return f" (did you mean: {', '.join(close)}?)" if close else ""
