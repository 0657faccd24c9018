"""``check.py --links`` against a real HTTPS server on 127.0.0.1 (no mocked client).

The server's certificate is self-signed, made with the ``openssl`` command when the test runs,
and trusted the way a user would trust it: through ``SSL_CERT_FILE``. It answers 200, a
redirect to another path, a redirect that only adds a slash, 404, 410 and, on one path, only
after the checker's timeout; one source points at a port where nothing listens.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import ROOT, SOURCE, require, tiny_project

require(shutil.which("openssl") is not None, "the openssl command")

SLOW_SECONDS = 3.0
TIMEOUT = "1"


class Handler(http.server.BaseHTTPRequestHandler):
    ROUTES = {"/ok": 200, "/new-home": 200, "/same/": 200, "/gone": 404, "/removed": 410, "/archive/copy": 200}
    REDIRECTS = {"/moved": "/new-home", "/same": "/same/"}

    def do_GET(self) -> None:  # noqa: N802  # the stdlib's name
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        if self.path in self.REDIRECTS:
            self.send_response(301)
            self.send_header("Location", self.REDIRECTS[self.path])
        else:
            self.send_response(self.ROUTES.get(self.path, 200 if self.path == "/slow" else 404))
            self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def server(certificate) -> Iterator[str]:
    cert, key = certificate
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def source(url: str, archived: str | None = None) -> str:
    text = SOURCE.replace("https://news.test/report", url)
    if archived:
        text += f"archived_url: {archived}\narchived_on: 2024-06-21\n"
    return text


def run(project: Path, cert: Path, summary: Path | None = None) -> subprocess.CompletedProcess:
    env = os.environ | {"SSL_CERT_FILE": str(cert)} | ({"GITHUB_STEP_SUMMARY": str(summary)} if summary else {})
    cmd = [sys.executable, str(ROOT / "hooks" / "check.py"), str(project), "--links", "--timeout", TIMEOUT]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


def test_link_check_reports_gone_moved_and_unreachable_at_the_url_line(tmp_path, server, certificate):
    dead = f"https://127.0.0.1:{closed_port()}/report"
    sources = {
        "a-ok-2024-06-20": source(f"{server}/ok"),
        "b-moved-2024-06-20": source(f"{server}/moved"),
        "c-slash-2024-06-20": source(f"{server}/same"),
        "d-gone-2024-06-20": source(f"{server}/gone"),
        "e-removed-2024-06-20": source(f"{server}/removed", archived=f"{server}/archive/copy"),
        "f-slow-2024-06-20": source(f"{server}/slow"),
        "g-closed-2024-06-20": source(dead),
    }
    project = tiny_project(tmp_path / "project", sources=sources, annotations={})
    result = run(project, certificate[0], summary=tmp_path / "summary.md")
    lines = result.stdout.splitlines()
    s = "annotations/sources"
    assert lines[:3] == [
        f"{s}/b-moved-2024-06-20.yml:6: address moved: {server}/moved now redirects to {server}/new-home",
        f"{s}/d-gone-2024-06-20.yml:6: address gone (HTTP 404): {server}/gone; no archived copy on record "
        "(add archived_url and archived_on if an archive holds one)",
        f"{s}/e-removed-2024-06-20.yml:6: address gone (HTTP 410): {server}/removed; an archived copy is on record: "
        f"{server}/archive/copy",
    ], result.stdout
    assert lines[3].startswith(f"{s}/f-slow-2024-06-20.yml:6: address unreachable: {server}/slow (")
    assert "timed out" in lines[3]
    assert lines[4].startswith(f"{s}/g-closed-2024-06-20.yml:6: address unreachable: {dead} (")
    assert "refused" in lines[4].lower()
    assert len(lines) == 5  # the 200 and the slash-only redirect are fine
    assert "8 address(es) checked: 2 gone (1 without an archived copy), 1 moved, 2 unreachable" in result.stderr
    assert result.returncode == 1  # a source without an archived copy is gone
    report = (tmp_path / "summary.md").read_text(encoding="utf-8")  # as the weekly workflow's run summary shows it
    assert report.startswith("## Link check\n\n8 address(es) checked: 2 gone")
    assert f"- `{lines[0]}`" in report and report.count("\n- `") == 5


def test_link_check_passes_when_every_gone_source_has_an_archived_copy(tmp_path, server, certificate):
    sources = {
        "a-ok-2024-06-20": source(f"{server}/ok"),
        "e-removed-2024-06-20": source(f"{server}/removed", archived=f"{server}/archive/copy"),
    }
    result = run(tiny_project(tmp_path, sources=sources, annotations={}), certificate[0])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "an archived copy is on record" in result.stdout


def test_an_untrusted_certificate_is_unreachable_not_a_traceback(tmp_path, server):
    result = subprocess.run(
        [sys.executable, str(ROOT / "hooks" / "check.py"), str(tiny_project(tmp_path, sources={"a-ok-2024-06-20": source(f"{server}/ok")}, annotations={})), "--links", "--timeout", TIMEOUT],
        capture_output=True, text=True, timeout=120, env={k: v for k, v in os.environ.items() if k != "SSL_CERT_FILE"},
    )  # fmt: skip
    assert result.returncode == 0
    assert "address unreachable" in result.stdout and "CERTIFICATE_VERIFY_FAILED" in result.stdout
    assert "Traceback" not in result.stderr
