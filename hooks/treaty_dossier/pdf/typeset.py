"""Typeset a build's documents side by side, each in a process of its own that ends with it.

Typst lays a document out on one core, so the dossier and the treaties are compiled at the same
time, one per core, the longest (the dossier) first. The wheel also keeps everything it memoised for
as long as its process lives, and that is no use to the next build: at 5,000 notes the dossier
leaves 2.5 GB behind, and compiling it again after a one-note edit in the same process took as long
and 4.7 GB (README, "Performance"). Compiled in a child process, each document's memory goes back
to the system when it is done, so ``mkdocs serve`` stays as small after the tenth rebuild as after
the first.

A child is this module run by the same Python (``python -m treaty_dossier.pdf.typeset OUT.pdf
TIMESTAMP``): it reads the document's data on stdin, writes the PDF to OUT.pdf and the rest of the
compile (:meth:`.Compiled.record`) as JSON on stdout. Not ``multiprocessing``: its ``spawn`` runs the
parent's main module again in every child, which a build started from a script need not survive.
A child that fails to start or dies is an error of that document, with what it said.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from .typst_render import Compiled, Diagnostic, compile_text

PACKAGE_PARENT = Path(__file__).resolve().parents[2]  # the folder holding treaty_dossier/


def cores() -> int:
    """Cores this process may use (its affinity where the system tells it, else the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def compile_all(
    texts: dict[str, str], timestamp: int, done: Callable[[str, Compiled], None] | None = None
) -> dict[str, Compiled]:
    """Each document's compile, by name; ``texts`` holds each one's data (:func:`.typst_render.data_text`).

    ``done`` is called with each compile as soon as it is there (in the order they finish, from this
    thread), so it can be kept while the others are still being typeset.
    """
    out: dict[str, Compiled] = {}
    if not texts:
        return out
    longest_first = sorted(texts, key=lambda name: -len(texts[name]))
    with ThreadPoolExecutor(min(len(texts), cores())) as pool:  # each thread waits on its child process
        futures = {pool.submit(compile_in_child, texts[name], timestamp): name for name in longest_first}
        for future in as_completed(futures):
            name = futures[future]
            out[name] = future.result()
            if done is not None:
                done(name, out[name])
    return out


def compile_in_child(text: str, timestamp: int) -> Compiled:
    """:func:`.typst_render.compile_text` in a child process."""
    with tempfile.TemporaryDirectory(prefix="treaty-pdf-") as folder:
        target = Path(folder) / "out.pdf"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", "treaty_dossier.pdf.typeset", str(target), str(timestamp)]
        child = subprocess.run(command, input=text.encode(), capture_output=True, env=env, check=False)
        try:
            record = json.loads(child.stdout)
            return Compiled.from_record(target.read_bytes() if target.exists() else None, record)
        except (ValueError, KeyError, TypeError, OSError):
            said = child.stderr.decode(errors="replace").strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
            return Compiled(None, 0, 0.0, diagnostics=[Diagnostic(f"the typesetting process failed: {said[0]}")])


def main(argv: list[str]) -> int:
    """The child: data on stdin, the PDF to ``argv[0]``, the rest of the compile as JSON on stdout."""
    target, timestamp = Path(argv[0]), int(argv[1])
    compiled = compile_text(sys.stdin.buffer.read().decode(), timestamp)
    if compiled.pdf is not None:
        target.write_bytes(compiled.pdf)
    sys.stdout.write(json.dumps(compiled.record()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
