"""Fixtures and the test layers.

A test is in the layer of its marker; one that uses ``browser`` is a browser test, one that uses
``real_pdf`` a PDF test, one that uses ``real_site`` a build test; one with no layer is a unit test.
Helpers live in ``support.py`` and ``browser_support.py``, not here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from layers import LAYERS, set_current
from support import ROOT, TEST_REPO_URL, build, require

_BY_FIXTURE = {"browser": "browser", "real_pdf": "pdf", "real_site": "build"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = getattr(item, "fixturenames", ())
        for fixture, layer in _BY_FIXTURE.items():
            if fixture in names and not item.get_closest_marker(layer):
                item.add_marker(layer)
        if not any(item.get_closest_marker(layer) for layer in LAYERS):
            item.add_marker("unit")


@pytest.fixture(autouse=True)
def _layer_of_this_test(request: pytest.FixtureRequest):
    set_current({layer for layer in LAYERS if request.node.get_closest_marker(layer)})
    yield
    set_current(set())


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once with --strict, as deployed (with a test repository address), without the PDF."""
    site = tmp_path_factory.mktemp("real") / "site"
    set_current({"build"})
    result = build(ROOT, site, repo_url=TEST_REPO_URL)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def real_pdf(tmp_path_factory) -> Path:
    """The real site with its PDF edition, built once with --strict."""
    site = tmp_path_factory.mktemp("real-pdf") / "site"
    set_current({"pdf"})
    result = build(ROOT, site, repo_url=TEST_REPO_URL, pdf=True)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for the whole session, driven by Playwright (never ``playwright install``)."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS

    require(Path(CHROMIUM).exists(), f"Debian's chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright (pip install -r requirements-dev.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
