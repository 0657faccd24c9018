"""The project's licences, stated once for every output that names them.

Code is MIT; content (the annotations, the working translations of the treaty texts and the data
generated from them) is CC BY 4.0. Quotations and excerpts inside the notes remain their authors'
and are used as short attributed quotations, and a treaty text given as an authentic text
(``working_translation: false``) is its parties', reproduced as published: the statement always says
both. The texts are in ``LICENSES/`` at the repository root; ``REUSE.toml`` says which file is under
which (an authentic text's file: ``LicenseRef-Authentic-Treaty-Text``, a notice that it is not licensed).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    spdx: str  # the SPDX identifier, as in LICENSES/<spdx>.txt
    name: str
    short: str  # how people write it
    url: str  # the licence's own address: an IRI for `rights`, `dcterms:license`, `xmpRights:WebStatement`


CONTENT = Licence(
    "CC-BY-4.0", "Creative Commons Attribution 4.0 International", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"
)
CODE = Licence("MIT", "MIT License", "MIT", "https://opensource.org/license/mit/")

COVERS = "the annotations, the working translations of the treaty texts and the data generated from them"
QUOTATIONS = "Quotations and excerpts inside the notes remain their authors' and are used as short attributed quotations."
AUTHENTIC = "A treaty text given as an authentic text, not a working translation, is reproduced as published and not covered."


def statement(site_name: str) -> str:
    """One paragraph for a page, a feed or a file: what is under which licence, and how to credit it."""
    return (
        f"{site_name}: {COVERS} are licensed under {CONTENT.short} ({CONTENT.url}); "
        f"credit “{site_name} contributors” with a link to the page or file. {QUOTATIONS} {AUTHENTIC} "
        f"The code that builds them is under the {CODE.short} licence."
    )
