"""The test layers (markers registered in pyproject.toml) and the layer of the test running now."""

from __future__ import annotations

LAYERS = ("unit", "build", "pdf", "browser", "slow")
_current: set[str] = set()


def current_layers() -> set[str]:
    return _current


def set_current(layers: set[str]) -> None:
    _current.clear()
    _current.update(layers)
