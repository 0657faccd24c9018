"""The PDF step alone at scale, this checkout's hooks and another commit's alternately on the same dossier.

    .venv/bin/python benchmark/pdf_step.py --notes 5000 --base main --rounds 2 --edits 3

Generates the synthetic dossier once (``generate.py``), copies it for each variant, and runs the
same function the hook calls (``edition.write_pdfs``) in a child process per step: a fresh step
(no PDF cache) per round for each variant, then steps after one note was edited (its treaty and the
dossier typeset again). Fresh and edit steps alternate between the variants, so both see the same
machine load. Reported per step: wall time, CPU time of the step's processes, peak memory of the
processes together (sampled), pages, files reused, load average. Prints one JSON line per step.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
from generate import REPO, Size, generate

STEP = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from treaty_dossier.content.dossier import load_dossier
from treaty_dossier.pdf import edition
project = Path(sys.argv[2])
dossier, _ = load_dossier(project)
start = time.perf_counter()
written = edition.write_pdfs(dossier, project / "site", project, "Synthetic", [])
errors = [str(p) for p in written.problems if p.severity == "error"][:3]
print(json.dumps({"seconds": time.perf_counter() - start, "pages": sum(written.files.values()),
                  "files": len(written.files), "reused": len(written.reused), "errors": errors}))
"""


def step(hooks: Path, project: Path, label: str) -> dict[str, object]:
    """One ``write_pdfs`` in a child process: its figures, CPU time and peak memory with its own children."""
    child = subprocess.Popen([sys.executable, "-c", STEP, str(hooks), str(project)], stdout=subprocess.PIPE, text=True)
    sampler = measure._TreeSampler(child.pid)
    sampler.start()
    assert child.stdout is not None
    out = child.stdout.read()
    _, _, usage = os.wait4(child.pid, 0)  # with the children it waited for (the typesetting processes)
    sampler.stop.set()
    result = json.loads(out)
    result.update(
        step=label,
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 1),
        peak_tree_rss_mb=round(sampler.peak),
        load=float(Path("/proc/loadavg").read_text().split()[0]),
    )
    return result


def main(argv: list[str] | None = None) -> int:
    from treaty_page import export

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--base", default="main", help="the git ref whose hooks to time beside this checkout's")
    parser.add_argument("--rounds", type=int, default=2, help="fresh steps per variant")
    parser.add_argument("--edits", type=int, default=3, help="steps after a one-note edit per variant")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="treaty-pdf-step-"))
    source = work / "generated"
    if not source.exists():
        generate(source, Size(args.notes))
    variants = {args.base: export(args.base, work / "base-files") / "hooks", "this checkout": REPO / "hooks"}
    projects = {}
    for n, name in enumerate(variants):
        projects[name] = work / f"variant-{n}"
        shutil.rmtree(projects[name], ignore_errors=True)
        shutil.copytree(source, projects[name], ignore=shutil.ignore_patterns("site", ".cache", "hooks"))
    for round_ in range(args.rounds):
        for name, hooks in variants.items():
            shutil.rmtree(projects[name] / ".cache", ignore_errors=True)
            print(json.dumps({"variant": name, **step(hooks, projects[name], f"fresh {round_ + 1}")}), flush=True)
    for edit in range(args.edits):
        for name, hooks in variants.items():
            note = projects[name] / "annotations" / "synthetic-01" / "note-00000.md"
            note.write_text(note.read_text(encoding="utf-8").rstrip("\n") + f" Edited {edit} {time.time()}.\n", encoding="utf-8")
            print(json.dumps({"variant": name, **step(hooks, projects[name], f"edit {edit + 1}")}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
