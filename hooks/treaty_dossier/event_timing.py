"""Time spent in the hooks, by event, for the benchmark (``TREATY_PROFILE=path``).

Off unless the environment variable is set, and then only wraps functions:
each MkDocs event handler of the hook module and a few named steps inside them
accumulate their calls and seconds, and after each build the totals are
written to the JSON file (``{"builds": [{"on_files": {"calls": 1, "seconds": …}, …}]}``).
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The steps that exist only for the open-data exports (git dates, "Cite" blocks, absolute links, site/data/);
# benchmark/run.py reports their share of the build.
EXPORT_STEPS = (
    "data.context.make_context",
    "data.csl.note_item",
    "data.csl.clause_item",
    "data.citation.formats_html",  # the Cite blocks of clauses and the citations pages
    "data.citation.cite_on_demand_html",  # a note's Cite (its data; cite.js writes it out)
    "site.sanitize.absolute",
    "data.exports.write_exports",
)
# Steps inside the events, timed as well (``module.function``); a missing one is skipped.
STEPS = (
    "content.dossier.load_dossier",
    "site.note_html.body_html",
    "site.note_html.note_html",
    "site.note_html.clause_line_html",
    "site.source_pages.source_page",
    "site.search_records.clause_records",
    "site.search_records.page_records",
    *EXPORT_STEPS,
)


class Profile:
    def __init__(self, path: str):
        self.path = Path(path)
        self.builds: list[dict[str, dict[str, float]]] = []
        self.current: dict[str, dict[str, float]] = {}

    def timed(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)  # keeps ``mkdocs_priority`` set by @event_priority
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                entry = self.current.setdefault(name, {"calls": 0, "seconds": 0.0})
                entry["calls"] += 1
                entry["seconds"] += time.perf_counter() - start

        return wrapper

    def start_build(self) -> None:
        self.current = {}
        self.builds.append(self.current)

    def write(self) -> None:
        self.path.write_text(json.dumps({"builds": self.builds}, indent=1), encoding="utf-8")


def instrument(namespace: dict[str, Any], path: str) -> Profile:
    """Wrap the ``on_*`` handlers in ``namespace`` (the hook module's globals) and the :data:`STEPS`."""
    profile = Profile(path)
    for qualified in STEPS:
        module_name, _, attr = qualified.rpartition(".")
        module = sys.modules.get(f"{__package__}.{module_name}")
        if module is not None and callable(getattr(module, attr, None)):
            wrapped = profile.timed(qualified, getattr(module, attr))
            setattr(module, attr, wrapped)
            if namespace.get(attr) is getattr(wrapped, "__wrapped__", None):
                namespace[attr] = wrapped  # also imported by name into the hook module
    for name, fn in list(namespace.items()):
        if name.startswith("on_") and callable(fn):
            namespace[name] = profile.timed(name, fn)
    on_config, on_post_build = namespace.get("on_config"), namespace.get("on_post_build")

    if on_config is not None:

        @functools.wraps(on_config)
        def config_first(*args: Any, **kwargs: Any) -> Any:
            profile.start_build()
            return on_config(*args, **kwargs)

        namespace["on_config"] = config_first
    if on_post_build is not None:

        @functools.wraps(on_post_build)
        def post_build_then_write(*args: Any, **kwargs: Any) -> Any:
            try:
                return on_post_build(*args, **kwargs)
            finally:
                profile.write()

        namespace["on_post_build"] = post_build_then_write
    return profile
