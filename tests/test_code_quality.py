"""ruff, mypy and the import rules are part of the test suite."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )


def test_ruff_lint() -> None:
    done = _run("ruff", "check", "src", "tests", "examples")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format() -> None:
    done = _run("ruff", "format", "--check", "src", "tests", "examples")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_layers_and_no_cycles() -> None:
    """The import-linter contracts in pyproject.toml (layers, no cycles) hold."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is in the dev extra"
    done = subprocess.run(
        [lint, "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr


SOURCES = REPO / "src" / "sightline"


def test_no_module_over_500_lines() -> None:
    long = {
        str(path.relative_to(SOURCES)): lines
        for path in SOURCES.rglob("*.py")
        if (lines := len(path.read_text().splitlines())) > 500
    }
    assert not long


def test_tool_contexts_are_made_in_one_place() -> None:
    makers = [
        str(path.relative_to(SOURCES))
        for path in SOURCES.rglob("*.py")
        if "ToolContext(" in path.read_text().replace("class ToolContext(", "")
    ]
    assert makers == ["sdk/agent.py"]


def test_the_hub_names_no_agent() -> None:
    names = "assistant|music|navigation|shopping|payment|travel|memory"
    quoted = re.compile(rf"[\"'](?:{names})[\"']")
    naming = [
        str(path.relative_to(SOURCES))
        for folder in ("hub", "voice")
        for path in (SOURCES / folder).rglob("*.py")
        if quoted.search(path.read_text())
    ]
    assert not naming
