"""The package's layers, read from its imports: content knows nothing of pages, only the MkDocs adapter knows MkDocs."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from support import ROOT

PACKAGE = ROOT / "hooks" / "treaty_dossier"
LAYERS = ("content", "site", "pdf", "data", "contrib")


def imports(file: Path) -> list[tuple[str, int]]:
    """``(module, level)`` of every import in ``file``; a relative import has ``level`` > 0."""
    found = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", node.level))
    return found


def layer_of(file: Path) -> str:
    return file.relative_to(PACKAGE).parts[0] if len(file.relative_to(PACKAGE).parts) > 1 else ""


def resolved(file: Path, module: str, level: int) -> str:
    """The package-relative name an import reaches, e.g. ``site.note_html``; '' for a third-party or stdlib module."""
    if level == 0:
        return module.removeprefix("treaty_dossier.") if module.startswith("treaty_dossier.") else ""
    base = list(file.relative_to(PACKAGE).parent.parts)
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_layer_is_a_package_with_modules():
    for layer in LAYERS:
        assert (PACKAGE / layer / "__init__.py").is_file(), f"{layer}/ has no __init__.py"
        assert len(list((PACKAGE / layer).glob("*.py"))) > 1, layer


ADAPTERS = (PACKAGE / "mkdocs_plugin.py", PACKAGE / "mkdocs_serve.py")  # the plugin, and its partial rebuilds under serve


def uses_mkdocs(file: Path) -> bool:
    return any(level == 0 and m.split(".")[0] == "mkdocs" for m, level in imports(file))


@pytest.mark.parametrize("file", MODULES, ids=[m.relative_to(PACKAGE).as_posix() for m in MODULES])
def test_only_the_adapter_modules_of_the_package_import_mkdocs(file: Path):
    assert uses_mkdocs(file) == (file in ADAPTERS)


@pytest.mark.parametrize("file", sorted((PACKAGE / "content").glob("*.py")), ids=lambda f: f.name)
def test_the_content_layer_reads_files_with_the_standard_library_and_pyyaml_only(file: Path):
    outside = [m for m, level in imports(file) if level == 0 and m.split(".")[0] not in sys.stdlib_module_names | {"yaml"}]
    assert not outside, f"{file.name} imports {outside}: the content layer must stay free of Markdown, HTML and MkDocs"
    upward = [resolved(file, m, level) for m, level in imports(file) if level]
    assert all(name.startswith("content") for name in upward), f"{file.name} reaches outside content/: {upward}"


def test_the_hook_file_is_glue_over_the_adapter():
    """No file in hooks/ imports MkDocs itself; the entry file reaches MkDocs only through the plugin."""
    for file in sorted((ROOT / "hooks").glob("*.py")):
        assert not uses_mkdocs(file), file.name
    assert ("treaty_dossier.mkdocs_plugin", 0) in imports(ROOT / "hooks" / "treaty_site.py")


def test_no_layer_imports_the_adapter():
    for file in MODULES:
        if file not in ADAPTERS:
            assert "mkdocs_plugin" not in [resolved(file, m, level) for m, level in imports(file)], file.name


def test_the_scan_sees_imports_of_each_kind():
    """The checks above read imports correctly (else they would pass on anything)."""
    assert all(map(uses_mkdocs, ADAPTERS))
    dossier = PACKAGE / "content" / "dossier.py"
    assert "content.problems" in [resolved(dossier, m, level) for m, level in imports(dossier) if level]
    note_html = PACKAGE / "site" / "note_html.py"
    assert "content.dossier" in [resolved(note_html, m, level) for m, level in imports(note_html) if level]
