"""File each annotation under its clause in Material's search index.

Python-Markdown writes footnotes at the end of the page, so the search plugin
would index every note under the page's last section. The hooks exclude the
footnotes from indexing (``data-search-exclude``) and, once the index is
written, add each note's text to the section of the clause it annotates, so a
search result for a word in a note opens that clause.
"""

from __future__ import annotations

import json
import re

# Links in a note are relative to its treaty page; in a search result shown on another page
# they would point elsewhere, so the index keeps their text only.
_LINK_TAG = re.compile(r"</?a\b[^>]*>")


def add_notes(index_json: str, notes: dict[str, list[str]]) -> tuple[str, list[str]]:
    """Append note texts to the entries at the given locations.

    Returns the new index and the locations that had no entry (a bug to report,
    since every clause heading makes a section).
    """
    index = json.loads(index_json)
    by_location = {doc["location"]: doc for doc in index["docs"]}
    missing = []
    for location, texts in notes.items():
        doc = by_location.get(location)
        if doc is None:
            missing.append(location)
            continue
        doc["text"] = " ".join([doc.get("text", ""), *(_LINK_TAG.sub("", t) for t in texts)]).strip()
    return json.dumps(index, separators=(",", ":"), ensure_ascii=False), missing
