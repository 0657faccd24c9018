"""The set-up is reproducible: the lock files pin what the requirements ask for, with hashes, and the
README, .ci/run and the workflows install from them."""

from __future__ import annotations

import re

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from support import ROOT

_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)(?: ; (.+?))? \\$", re.M)


def requirements(name: str) -> dict[str, Requirement]:
    """The requirements a file names (following ``-r``), by normalised name."""
    out: dict[str, Requirement] = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            out |= requirements(line[3:].strip())
        elif line:
            req = Requirement(line)
            out[canonicalize_name(req.name)] = req
    return out


def lock(name: str) -> dict[str, str]:
    """A lock file's pins (normalised name -> version); every pin must carry at least one hash."""
    text = (ROOT / name).read_text(encoding="utf-8")
    pins: dict[str, str] = {canonicalize_name(m[1]): m[2] for m in _ENTRY.finditer(text)}
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])  # after uv's two header lines
    assert len(blocks) == len(pins), f"{name}: an entry without a hash or in an unexpected shape"
    for block in blocks:
        assert "--hash=sha256:" in block, f"{name}: {block.splitlines()[0]} has no hash"
    return pins


def test_each_lock_pins_every_requirement_to_a_version_it_allows():
    for source, locked in (("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")):
        pins = lock(locked)
        for name, req in requirements(source).items():
            assert name in pins, f"{locked} lacks {name}: run .ci/lock after changing {source}"
            assert req.specifier.contains(pins[name], prereleases=True), (
                f"{locked} pins {name}=={pins[name]}, but {source} asks for {req}: run .ci/lock"
            )


def test_the_runtime_lock_is_the_dev_locks_versions():
    """The deployed site builds with exactly the versions CI tested."""
    runtime, dev = lock("requirements.lock"), lock("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_the_lock_check_can_fail(tmp_path, monkeypatch):
    """A requirement the lock does not hold, or holds at another version, is reported."""
    import test_setup

    (tmp_path / "requirements.txt").write_text("PyYAML==6.0.3\nnewpackage==1.0\n")
    (tmp_path / "requirements.lock").write_text("# header\n#    .ci/lock\npyyaml==6.0.2 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    monkeypatch.setattr(test_setup, "ROOT", tmp_path)
    reqs, pins = requirements("requirements.txt"), lock("requirements.lock")
    assert not reqs["pyyaml"].specifier.contains(pins["pyyaml"]) and "newpackage" not in pins


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [command for block in re.findall(r"```sh\n(.*?)```", readme, re.S) for command in block.splitlines()]


def test_readme_ci_and_workflows_install_from_the_locks_with_hashes():
    commands = readme_commands()
    serve = "python3 -m venv .venv && .venv/bin/pip install --require-hashes -r requirements.lock && .venv/bin/mkdocs serve -a 127.0.0.1:8000"
    test = (
        "python3 -m venv .venv && .venv/bin/pip install --require-hashes -r requirements-dev.lock"
        " && .venv/bin/pip install --no-deps --no-build-isolation -e . && .venv/bin/python -m pytest"
    )
    assert serve in commands and test in commands and ".ci/lock" in commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == test, ".ci/run ends with the README's test command"
    assert "--require-hashes -r requirements-dev.lock" in ci[-1] and ".venv/bin/reuse lint" in ci
    for flow, lockfile in (("pr.yml", "requirements-dev.lock"), ("pages.yml", "requirements.lock")):
        data = yaml.safe_load((ROOT / ".github" / "workflows" / flow).read_text(encoding="utf-8"))
        runs = "\n".join(step.get("run", "") for job in data["jobs"].values() for step in job["steps"])
        assert f"pip install --require-hashes -r {lockfile}" in runs, flow
        assert "requirements.txt" not in runs and "requirements-dev.txt" not in runs, flow


def test_nothing_reads_outside_the_repository():
    """A clone tests alone: no file of the project names the folder the workplace keeps beside the checkout."""
    # Spelt in pieces, so that this test does not name the folder itself and can read its own file too.
    beside, near = "/".join(("..", "shared")), " / ".join(("parent", '"shared"'))
    places = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / ".ci" / "run", ROOT / "mkdocs.yml", ROOT / "pyproject.toml"]
    for folder in ("hooks", "tests", "benchmark", ".github"):
        places += [p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in {".py", ".yml", ".md", ".toml", ".typ"}]
    for path in places:
        if "conformance" in path.relative_to(ROOT).parts[:2]:
            continue
        text = path.read_text(encoding="utf-8")
        assert beside not in text and near not in text, path.relative_to(ROOT)
