"""MkDocs hooks for this repository: the ``treaty-dossier`` plugin, driven from ``hooks:``.

This repository names this file in ``mkdocs.yml`` (as the design says) so that a checkout builds
without installing the package; another dossier installs the package and writes
``plugins: [treaty-dossier]`` instead. Either way the same :class:`DossierPlugin` does the work,
with its state on an object made per build; the hook file only hands MkDocs' events to it.
"""

from __future__ import annotations

import os

from treaty_dossier.mkdocs_plugin import DossierPlugin

_plugin = DossierPlugin()
_plugin.load_config({})  # the hook has no settings of its own: the plugin's defaults

on_startup = _plugin.on_startup
on_serve = _plugin.on_serve
on_config = _plugin.on_config
on_files = _plugin.on_files
on_nav = _plugin.on_nav
on_env = _plugin.on_env
on_page_markdown = _plugin.on_page_markdown
on_page_content = _plugin.on_page_content
on_post_page = _plugin.on_post_page
on_post_build = _plugin.on_post_build

if os.environ.get("TREATY_PROFILE"):  # benchmark/run.py: time each event into that JSON file
    from treaty_dossier import event_timing

    event_timing.instrument(globals(), os.environ["TREATY_PROFILE"])
