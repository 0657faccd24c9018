"""Benchmark the site build at scale, against the same content pre-baked without hooks.

    .venv/bin/python benchmark/run.py                      # 1,000 / 2,000 / 5,000 / 20,000 annotations
    .venv/bin/python benchmark/run.py --sizes 1000,5000    # chosen sizes
    .venv/bin/python benchmark/run.py --smoke              # a tiny dossier, to check the benchmark itself

For each size it generates a synthetic dossier (10 treaties × 50 clauses,
2,000 sources) with this repository's mkdocs.yml and hooks, pre-bakes the same
content as plain Markdown footnotes, and builds both, one after the other.
It writes a JSON report (``--out``) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
from generate import Size, generate
from prebake import prebake
from treaty_dossier.event_timing import EXPORT_STEPS  # prebake put hooks/ on the path

PHASES = ("on_config", "on_files", "on_page_markdown", "on_page_content", "on_post_page", "on_post_build")


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    import os

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        **{name: version(name) for name in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "nh3", "pyyaml")},
    }


def hook_phases(profile: Path) -> dict[str, dict[str, float]]:
    builds = json.loads(profile.read_text())["builds"] if profile.exists() else []
    return builds[-1] if builds else {}


def bench_size(size: Size, work: Path, repeat: int, hooks: Path | None = None) -> dict[str, Any]:
    hooked, baked = work / f"hooked-{size.annotations}", work / f"prebaked-{size.annotations}"
    started = time.perf_counter()
    ids = generate(hooked, size, hooks=hooks)
    prebake(hooked, baked)
    result: dict[str, Any] = {
        "annotations": size.annotations,
        "treaties": size.treaties,
        "clauses": size.treaties * size.clauses,
        "sources": size.sources,
        "generate_seconds": time.perf_counter() - started,
    }
    runs: dict[str, list[measure.Build]] = {"hooked": [], "prebaked": []}
    profile = hooked / "profile.json"
    for _ in range(repeat):  # alternate, so both see the same machine load
        runs["hooked"].append(measure.build(hooked, TREATY_PDF="0", TREATY_PROFILE=str(profile)))
        baked_build = measure.build(baked, TREATY_PDF="0")
        # The hooks write the search index; the pre-baked site gets Pagefind's default one (whole pages), timed with it.
        if baked_build.returncode == 0:
            baked_build.seconds += measure.pagefind(baked / "site")
        runs["prebaked"].append(baked_build)
    for name, builds in runs.items():
        failed = [b for b in builds if b.returncode != 0]
        if failed:
            raise SystemExit(f"{name} build at {size.annotations} annotations failed:\n{failed[0].stderr[-3000:]}")
        best = min(builds, key=lambda b: b.seconds)
        result[f"{name}_build_seconds"] = best.seconds
        result[f"{name}_build_seconds_all"] = [b.seconds for b in builds]
        result[f"{name}_peak_rss_mb"] = max(b.peak_rss_mb for b in builds)
    result["ratio"] = result["hooked_build_seconds"] / result["prebaked_build_seconds"]
    phases = hook_phases(profile)
    result["hook_phases"] = phases
    result["hook_seconds"] = sum(phases.get(p, {}).get("seconds", 0.0) for p in PHASES)
    result["export_seconds"] = sum(phases.get(p, {}).get("seconds", 0.0) for p in EXPORT_STEPS)
    last_build = runs["hooked"][-1].seconds  # the profile is of the last hooked build
    result["export_share"] = result["export_seconds"] / last_build if last_build else 0.0
    result["hooked_site"] = measure.site_sizes(hooked / "site")
    result["prebaked_site"] = measure.site_sizes(baked / "site")
    tokens = [f"note-{i:05d}" for i in range(0, size.annotations, max(1, size.annotations // 50))]
    result["index_occurrences"] = {
        "hooked": measure.index_occurrences(hooked / "site", tokens),
        "prebaked": measure.index_occurrences(baked / "site", tokens),
    }
    result["_ids"] = ids
    return result


def bench_serve(size: Size, work: Path, edits: int = 3, pdf: bool = True, base: str | None = None) -> dict[str, Any]:
    """Edit one annotation under ``mkdocs serve`` and time until its page shows the edit: this checkout, the
    pre-baked twin and, with ``base``, that commit's code, one after the other. ``pdf``: as the README serves."""
    hooked, baked = work / f"hooked-{size.annotations}", work / f"prebaked-{size.annotations}"
    page = "treaties/synthetic-01/"
    flag = "1" if pdf else "0"

    def note(project: Path) -> Path:
        return project / "annotations" / "synthetic-01" / "note-00000.md"

    out: dict[str, Any] = {"annotations": size.annotations, "pdf": pdf}
    out["hooked"] = measure.serve_rebuild(hooked, page, note(hooked), "note-00000", edits, TREATY_PDF=flag)
    if base:
        project = as_base(hooked, work / f"base-{size.annotations}", base, work)
        out["base_ref"] = base
        out["base"] = measure.serve_rebuild(project, page, note(project), "note-00000", edits, TREATY_PDF=flag)
    out["prebaked"] = measure.serve_rebuild(baked, page, baked / "docs" / "treaties" / "synthetic-01.md", "note-00000", edits)
    return out


def bench_reader(size: Size, work: Path, ids: list[str], base: str | None) -> dict[str, Any]:
    """Time to the first search result in headless Chromium: this checkout's site and, with ``base``, that commit's."""
    out: dict[str, Any] = {"annotations": size.annotations}
    target = ids[len(ids) // 2]  # a note in the middle; its unique token is the query
    treaty_id = target.split("/")[0]
    hooked = work / f"hooked-{size.annotations}"
    front = (hooked / "annotations" / f"{target}.md").read_text(encoding="utf-8")
    found = re.search(r"^clause: \S+/(\S+)$", front, re.MULTILINE)
    assert found, f"{target}: the generator writes a clause line"
    anchor = found[1].split("__")[0]
    variants = {"hooked": hooked}
    if base:
        variants["base"] = as_base(hooked, work / f"base-{size.annotations}", base, work)
        built = measure.build(variants["base"], TREATY_PDF="0")
        if built.returncode != 0:
            raise SystemExit(f"the build with {base}'s code failed:\n{built.stderr[-3000:]}")
        out["base_ref"] = base
    for name, project in variants.items():
        out[name] = measure.search_timing(project / "site", f"treaties/{treaty_id}/", target.rsplit("-", 1)[1], anchor)
    return out


def as_base(project: Path, dest: Path, ref: str, work: Path) -> Path:
    """A copy of the generated ``project`` with the hooks, assets, templates and mkdocs.yml of commit ``ref``."""
    from treaty_page import as_before, export

    files = export(ref, work / f"files-{ref.replace('/', '_')}")
    if dest.exists():
        shutil.rmtree(dest)
    as_before(project, dest, files)
    return dest


def bench_pdf(size: Size, work: Path, before: Path | None = None, timeout: float = 900) -> dict[str, Any]:
    """The PDF step: build time with it minus without it, pages a second, beside the HTML build.

    With ``before`` (an older hooks folder, e.g. the last WeasyPrint commit's), the same dossier is
    built with those hooks too, in the same run, so the two are measured on the same machine load.
    Builds here are not ``--strict``: the older PDF step warned on dense pages, which says nothing
    about its speed.
    """
    variants = {"after": work / f"hooked-{size.annotations}"}
    if before is not None:
        variants["before"] = work / f"before-{size.annotations}"
        generate(variants["before"], size, hooks=before)
    out: dict[str, Any] = {"available": True, "annotations": size.annotations}
    for name, project in variants.items():
        out[name] = _pdf_step(project, timeout)
    out.update({k: v for k, v in out["after"].items() if k.startswith("pdf_") or k == "seconds_per_100_pages"})
    return out


def _pdf_step(project: Path, timeout: float) -> dict[str, Any]:
    from pypdf import PdfReader

    if not (project / "hooks" / "treaty_dossier" / "pdf").is_dir():
        return {"available": False, "note": "these hooks have no PDF step (no hooks/treaty_dossier/pdf/)"}
    without = measure.build(project, strict=False, TREATY_PDF="0")
    with_pdf = measure.build(project, strict=False, timeout=timeout, TREATY_PDF="1")
    if with_pdf.returncode == -9:
        return {"available": True, "failed": True, "note": f"the build with the PDF step did not finish within {timeout:.0f} s"}
    if with_pdf.returncode != 0:
        return {"available": True, "failed": True, "note": "the build with the PDF step failed", "log": with_pdf.stderr[-2000:]}
    pdfs = sorted((project / "site").rglob("*.pdf"))
    pages = sum(len(PdfReader(str(p)).pages) for p in pdfs)
    # The hooks log the PDF step's own time; the difference of two builds is noisy on a shared machine.
    logged = re.search(r"PDF edition: .*? (?:typeset|rendered) in ([\d.]+) s", with_pdf.stderr)
    extra = float(logged[1]) if logged else with_pdf.seconds - without.seconds
    again = _pdf_after_edit(project, timeout)
    return {
        **again,
        "available": True,
        "pdf_seconds_source": "logged by the hooks" if logged else "build with PDF minus build without",
        "html_build_seconds": without.seconds,
        "pdf_files": len(pdfs),
        "pdf_pages": pages,
        "pdf_seconds": extra,
        "pdf_seconds_by_difference": with_pdf.seconds - without.seconds,  # the build with the PDF minus the build without
        "pages_per_second": pages / extra if extra > 0 else None,
        "seconds_per_100_pages": extra / pages * 100 if pages else None,
        "peak_rss_mb": with_pdf.peak_rss_mb,
        "peak_tree_rss_mb": with_pdf.peak_tree_rss_mb,
    }


def _pdf_after_edit(project: Path, timeout: float) -> dict[str, Any]:
    """One note edited, the build with the PDF again: what the PDF step typeset and what it reused."""
    notes = sorted((project / "annotations").glob("*/note-*.md"))
    if not notes:
        return {}
    notes[0].write_text(notes[0].read_text(encoding="utf-8").rstrip("\n") + " Edited.\n", encoding="utf-8")
    built = measure.build(project, strict=False, timeout=timeout, TREATY_PDF="1")
    logged = re.search(r"PDF edition: .*? typeset in ([\d.]+) s(?: \((\d+) unchanged)?", built.stderr)
    if built.returncode != 0 or not logged:
        return {"pdf_after_edit_note": "the build after the edit failed or did not log its PDF step"}
    return {
        "pdf_seconds_after_edit": float(logged[1]),
        "pdf_reused_after_edit": int(logged[2] or 0),
        "build_seconds_after_edit": built.seconds,
    }


def table(report: dict) -> str:
    """The report as Markdown tables."""
    m = report["machine"]
    lines = [
        (
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}, MkDocs {m['mkdocs']}, "
            f"Material {m['mkdocs-material']}, Markdown {m['markdown']}, pymdown-extensions {m['pymdown-extensions']}."
        ),
        "",
        "| Annotations | Build, hooks (s) | Build, pre-baked (s) | Ratio | Time in hooks (s) "
        "| Peak RSS, hooks (MB) | Largest page (KB) | Search index (KB, gzip) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in report["sizes"]:
        s = r["hooked_site"]
        lines.append(
            f"| {r['annotations']:,} | {r['hooked_build_seconds']:.1f} | {r['prebaked_build_seconds']:.1f} | {r['ratio']:.2f} | "
            f"{r['hook_seconds']:.1f} | {r['hooked_peak_rss_mb']:.0f} | {s['largest_page_bytes'] / 1024:,.0f} | "
            f"{s['search_index_bytes'] / 1024:,.0f} ({s['search_index_gzip_bytes'] / 1024:,.0f}) |"
        )
    lines += [
        "",
        "Time in hooks by event (s): "
        + "; ".join(
            f"{r['annotations']:,}: " + ", ".join(f"{p} {r['hook_phases'].get(p, {}).get('seconds', 0):.2f}" for p in PHASES)
            for r in report["sizes"]
        ),
    ]
    lines.append(
        "Open-data exports (Web Annotations, Akoma Ntoso, CSL-JSON, Atom, dossier.json, Cite blocks), share of the build: "
        + "; ".join(
            f"{r['annotations']:,}: {r.get('export_seconds', 0):.2f} s ({r.get('export_share', 0) * 100:.1f} %)"
            for r in report["sizes"]
        )
        + "."
    )
    if report.get("serve"):
        sv = report["serve"]
        lines.append(
            f"Serve (PDF {'on' if sv.get('pdf') else 'off'}), one annotation edited at {sv['annotations']:,}: "
            f"page updated after {_s(sv['hooked']['median_rebuild_seconds'])}, search index, open data and PDF after "
            f"{_s(sv['hooked'].get('median_background_seconds'))}"
            + (f"; {sv['base_ref']}: {_s(sv['base']['median_rebuild_seconds'])}" if "base" in sv else "")
            + f" (pre-baked, editing the page: {_s(sv['prebaked']['median_rebuild_seconds'])}; medians of"
            f" {len(sv['hooked']['rebuild_seconds'])})."
        )
    if report.get("reader"):
        rd = report["reader"]
        for name in ("hooked", "base"):
            if name not in rd:
                continue
            x = rd[name]
            label = "this checkout" if name == "hooked" else rd["base_ref"]
            lines.append(
                f"Reader, {label} at {rd['annotations']:,}: first search result {x['first_result_cold_seconds']:.2f} s after "
                f"navigation, {x['first_result_after_load_seconds']:.2f} s after typing on a loaded page "
                f"({x['first_result_warm_seconds']:.2f} s for a second query); search bytes before any query "
                f"{x['search_bytes_before_query'] / 1024:,.0f} KB, "
                f"for the first query {x['search_bytes_first_query'] / 1024:,.0f} KB; "
                f"page transfer {x['page_transfer_bytes'] / 1024:,.0f} KB."
            )
    pdf = report.get("pdf") or {}
    for name in ("before", "after"):
        step = pdf.get(name)
        if not step:
            continue
        if step.get("pdf_pages"):
            lines.append(
                f"PDF step ({name}) at {pdf['annotations']:,} annotations: {step['pdf_files']} files, {step['pdf_pages']} pages "
                f"in {step['pdf_seconds']:.1f} s, {step['pages_per_second'] or 0:.1f} pages a second "
                f"(the HTML build alone: {step['html_build_seconds']:.1f} s, with the PDF "
                f"{step['html_build_seconds'] + step.get('pdf_seconds_by_difference', 0):.1f} s; peak RSS "
                f"{step['peak_rss_mb']:.0f} MB in one process, {step.get('peak_tree_rss_mb', 0):.0f} MB for all together)."
            )
            if "pdf_seconds_after_edit" in step:
                lines.append(
                    f"PDF step ({name}) after one note was edited: {step['pdf_seconds_after_edit']:.1f} s, "
                    f"{step['pdf_reused_after_edit']} of {step['pdf_files']} files reused."
                )
        else:
            lines.append(f"PDF step ({name}): {step.get('note') or 'failed'}.")
    return "\n".join(lines)


def _s(value: float | None) -> str:
    return f"{value:.1f} s" if value is not None else "timed out"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,2000,5000,20000", help="annotation counts, comma-separated")
    parser.add_argument("--smoke", action="store_true", help="one tiny dossier (50 annotations, 2 treaties, 30 sources)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per size and variant; the fastest counts")
    parser.add_argument("--serve-size", type=int, default=5000, help="size for the serve rebuild (0: skip)")
    parser.add_argument("--serve-pdf", type=int, default=1, help="1: serve with the PDF on, as the README does; 0: off")
    parser.add_argument("--reader-size", type=int, default=5000, help="size for the search timing in Chromium (0: skip)")
    parser.add_argument("--pdf-size", type=int, default=1000, help="size for the PDF timing (0: skip)")
    parser.add_argument("--base", default=None, help="a git ref whose site to search beside this one's (e.g. main)")
    parser.add_argument("--hooks", type=Path, default=None, help="another hooks folder to measure (e.g. an older version)")
    parser.add_argument(
        "--pdf-before", type=Path, default=None, help="an older hooks folder whose PDF step to time beside this one"
    )
    parser.add_argument("--pdf-timeout", type=float, default=900, help="give up on a PDF build after this many seconds")
    parser.add_argument("--pdf-base", default=None, help="a git ref whose PDF step to time beside this one (e.g. main)")
    parser.add_argument(
        "--pdf-only", action="store_true", help="only the PDF step at --pdf-size (no HTML builds at --sizes, serve or search)"
    )
    parser.add_argument("--out", type=Path, default=None, help="JSON report (default: <work>/report.json)")
    parser.add_argument("--work", type=Path, default=None, help="where to generate the sites (default: a temporary directory)")
    args = parser.parse_args(argv)
    if args.smoke:
        sizes = [Size(50, treaties=2, clauses=10, sources=30)]
        args.serve_size = args.reader_size = args.pdf_size = 50
    else:
        sizes = [Size(int(n)) for n in args.sizes.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="treaty-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"machine": machine(), "sizes": []}
    if args.pdf_base:
        from treaty_page import export

        args.pdf_before = export(args.pdf_base, work / f"files-{args.pdf_base.replace('/', '_')}") / "hooks"
    if args.pdf_only:
        size = sizes[0] if args.smoke else Size(args.pdf_size)
        generate(work / f"hooked-{size.annotations}", size)
        report["pdf"] = bench_pdf(size, work, args.pdf_before, args.pdf_timeout)
        (args.out or work / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
        print(table(report))
        return 0
    by_count = {}
    for size in sizes:
        print(f"… {size.annotations:,} annotations", file=sys.stderr, flush=True)
        result = bench_size(size, work, args.repeat, args.hooks)
        by_count[size.annotations] = (size, result.pop("_ids"))
        report["sizes"].append(result)
    if args.serve_size and args.serve_size in by_count:
        print(f"… mkdocs serve at {args.serve_size:,}", file=sys.stderr, flush=True)
        report["serve"] = bench_serve(
            by_count[args.serve_size][0], work, 1 if args.smoke else 3, pdf=bool(args.serve_pdf), base=args.base
        )
    if args.pdf_size and args.pdf_size in by_count:
        print(f"… PDF at {args.pdf_size:,}", file=sys.stderr, flush=True)
        report["pdf"] = bench_pdf(by_count[args.pdf_size][0], work, args.pdf_before, args.pdf_timeout)
    if args.reader_size and args.reader_size in by_count:
        print(f"… search in Chromium at {args.reader_size:,}", file=sys.stderr, flush=True)
        report["reader"] = bench_reader(by_count[args.reader_size][0], work, by_count[args.reader_size][1], args.base)
    counts = {r["annotations"]: r for r in report["sizes"]}
    if 2000 in counts and 20000 in counts:
        report["hook_growth_20000_vs_2000"] = counts[20000]["hook_seconds"] / counts[2000]["hook_seconds"]
    out = args.out or work / "report.json"
    out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(table(report))
    print(f"\nReport: {out}; sites in {work}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
