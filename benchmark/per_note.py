"""Build time per added note: the real dossier, and the same with generated notes added, built side by side.

    .venv/bin/python benchmark/per_note.py                 # 2,000 notes added, two builds of each
    .venv/bin/python benchmark/per_note.py --added 500 --repeat 3

Both copies hold this checkout's dossier (content, hooks, config); the second gets ``--added``
notes of made-up words (seeded), each on a real clause of a real treaty and citing a registered
source, with no quote (so each sits at its clause's end). The builds alternate, without the PDF,
and the fastest of each counts: (with − without) / added, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
from generate import REPO, WORDS
from treaty_dossier.content.dossier import load_dossier  # generate put hooks/ on the path

COPIED = ("mkdocs.yml", "CONTRIBUTING.md", "docs", "annotations", "hooks")


def copy_dossier(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in COPIED:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def add_notes(project: Path, count: int, seed: int = 2024) -> None:
    """``count`` valid notes on the dossier's own clauses and sources."""
    rng = random.Random(seed)
    dossier, _ = load_dossier(project)
    clauses = sorted(c.name for t in dossier.treaties.values() for c in t.clauses.values() if c.parent is None)
    sources = sorted(dossier.sources)
    for i in range(count):
        clause = rng.choice(clauses)
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize()
        note = f"---\nclause: {clause}\nsources: [{rng.choice(sources)}]\nkind: commentary\nauthor: bench{i % 50}\n---\n"
        path = project / "annotations" / clause.split("/")[0] / f"bench-{i:05d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(note + f"{body} bench-{i:05d}.\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--added", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="treaty-per-note-"))
    plain, grown = copy_dossier(work / "real"), copy_dossier(work / "real-plus")
    add_notes(grown, args.added)
    runs: dict[str, list[float]] = {"real": [], "plus": []}
    for _ in range(args.repeat):
        for name, project in (("real", plain), ("plus", grown)):
            built = measure.build(project, TREATY_PDF="0")
            if built.returncode != 0:
                raise SystemExit(f"{project}: the build failed:\n{built.stderr[-3000:]}")
            runs[name].append(built.seconds)
    best = {name: min(times) for name, times in runs.items()}
    report = {
        "added": args.added,
        "seconds": runs,
        "ms_per_note": (best["plus"] - best["real"]) / args.added * 1000,
    }
    print(json.dumps(report, indent=1))
    print(
        f"{args.added:,} notes added: {best['real']:.1f} s → {best['plus']:.1f} s, "
        f"{report['ms_per_note']:.2f} ms per note (fastest of {args.repeat} each, alternated)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
