"""``python hooks/check.py --links``: request every source address and archived copy, report link rot.

One line per problem, at the source file's ``url:`` line: gone (HTTP 404 or 410, and whether an
archived copy is on record), moved (a redirect to another host or path, with the new address),
or unreachable (no answer within the timeout, refused, TLS failure, a server error). Requests
run a few at a time with a timeout; redirects are followed by hand (at most five) so that the
new address can be named. Exit status 1 only when a source without an archived copy is gone:
the one case that loses readers the words a note rests on.

Uses the standard library's HTTP client, which trusts the system's certificates and, as
OpenSSL does, ``SSL_CERT_FILE`` when it is set.
"""

from __future__ import annotations

import http.client
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..content.dossier import load_dossier
from ..content.sources import Source

TIMEOUT = 20.0  # seconds per request
WORKERS = 6  # requests at a time: polite to the outlets, and bounded on a small runner
MAX_REDIRECTS = 5
USER_AGENT = "treaty-dossier-link-check/1 (+https://github.com; weekly check of cited addresses)"


@dataclass(frozen=True)
class Outcome:
    status: int | None  # the final HTTP status; None when there was no answer
    final_url: str  # where the redirects ended
    error: str = ""  # why there was no answer


@dataclass(frozen=True)
class Finding:
    source: Source
    url: str
    what: str  # "gone", "moved" or "unreachable"
    message: str

    def __str__(self) -> str:
        return f"{self.source.path}:{self.source.line_of_url}: {self.message}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]  # stdlib signature
        return None  # a 3xx comes back as an HTTPError, with its Location


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, timeout: float = TIMEOUT) -> Outcome:
    """Request ``url`` (GET, body not read), following up to five redirects by hand."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        request = urllib.request.Request(current, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"})
        try:
            with _OPENER.open(request, timeout=timeout) as response:
                return Outcome(response.status, current)
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location") if exc.headers else None
            exc.close()
            if 300 <= exc.code < 400 and location:
                current = urllib.parse.urljoin(current, location)
                continue
            return Outcome(exc.code, current)
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:  # e.g. a malformed answer
            reason = getattr(exc, "reason", exc)
            return Outcome(None, current, str(reason) or type(exc).__name__)
    return Outcome(None, current, f"more than {MAX_REDIRECTS} redirects")


def _same_place(a: str, b: str) -> bool:
    """Same host and path (a scheme upgrade or a trailing slash is not a move)."""
    pa, pb = urllib.parse.urlsplit(a), urllib.parse.urlsplit(b)
    return pa.hostname == pb.hostname and pa.path.rstrip("/") == pb.path.rstrip("/")


def judge(source: Source, url: str, outcome: Outcome, archived: bool) -> Finding | None:
    """What (if anything) is wrong with one address of ``source``; ``archived``: it is the archived copy."""
    label = "archived copy" if archived else "address"
    if outcome.status is None:
        return Finding(source, url, "unreachable", f"{label} unreachable: {url} ({outcome.error})")
    if outcome.status in (404, 410):
        if archived:
            note = "the archived copy itself is gone"
        elif source.archived_url:
            note = f"an archived copy is on record: {source.archived_url}"
        else:
            note = "no archived copy on record (add archived_url and archived_on if an archive holds one)"
        return Finding(source, url, "gone", f"{label} gone (HTTP {outcome.status}): {url}; {note}")
    if outcome.status >= 400:
        return Finding(source, url, "unreachable", f"{label} unreachable: {url} (HTTP {outcome.status})")
    if not archived and not _same_place(url, outcome.final_url):
        return Finding(source, url, "moved", f"{label} moved: {url} now redirects to {outcome.final_url}")
    return None


def check_links(sources: list[Source], timeout: float = TIMEOUT, workers: int = WORKERS) -> list[Finding]:
    """Every problem with the addresses of ``sources``, in file order."""
    jobs = [(s, s.url, False) for s in sources if s.url] + [(s, s.archived_url, True) for s in sources if s.archived_url]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = list(pool.map(lambda job: fetch(job[1], timeout), jobs))
    found = [judge(s, url, outcome, archived) for (s, url, archived), outcome in zip(jobs, outcomes, strict=True)]
    return sorted((f for f in found if f is not None), key=lambda f: (f.source.path, f.url))


def lost(findings: list[Finding]) -> list[Finding]:
    """The sources that are gone with no archived copy on record."""
    return [f for f in findings if f.what == "gone" and f.url == f.source.url and not f.source.archived_url]


def run(root: Path, timeout: float = TIMEOUT, workers: int = WORKERS) -> int:
    dossier, problems = load_dossier(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    sources = sorted(dossier.sources.values(), key=lambda s: s.path)
    findings = check_links(sources, timeout, workers)
    for finding in findings:
        print(finding)
    addresses = sum(bool(s.url) + bool(s.archived_url) for s in sources)
    tally = {w: sum(f.what == w for f in findings) for w in ("gone", "moved", "unreachable")}
    line = (
        f"{addresses} address(es) checked: {tally['gone']} gone ({len(lost(findings))} without an archived copy), "
        f"{tally['moved']} moved, {tally['unreachable']} unreachable"
    )
    print(line, file=sys.stderr)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:  # in GitHub Actions: the report on the run's page
        with open(summary_file, "a", encoding="utf-8") as out:
            out.write(summary(findings, line))
    return 1 if lost(findings) else 0


def summary(findings: list[Finding], line: str) -> str:
    """The report as Markdown for a GitHub job summary (each problem in a code span: addresses stay text)."""
    items = ["- `" + str(f).replace("`", "'") + "`" for f in findings] or ["No problems found."]
    return "\n".join(["## Link check", "", line, "", *items, ""]) + "\n"
