"""`sightline new-agent`: the scaffolded package installs (`pip install -e`), is listed, and its
generated tests pass; all inside a throwaway virtualenv, never the shared one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from sightline.cli.new_agent import scaffold

pytestmark = pytest.mark.slow


def throwaway_venv(folder: Path) -> Path:
    """A virtualenv that sees this environment's packages (a `.pth` adding its site folder)
    but installs into its own; returns its python."""
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    shared = sysconfig.get_paths()["purelib"]
    Path(own, "zz_shared_env.pth").write_text(f"import site; site.addsitedir({shared!r})\n")
    return python


def run(python: Path, *args: str, cwd: Path | None = None, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(python), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_a_scaffolded_agent_installs_lists_and_passes_its_tests(tmp_path: Path) -> None:
    root = scaffold("field_notes", tmp_path / "agents")
    assert (root / "pyproject.toml").exists() and (root / "README.md").exists()
    python = throwaway_venv(tmp_path / "venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGHTLINE_")}
    env.pop("PYTHONPATH", None)
    env["SIGHTLINE_CACHE_DIR"] = str(tmp_path / "cache")
    run(
        python,
        *("-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", str(root)),
        env=env,
    )
    listing = json.loads(run(python, "-m", "sightline", "agents", "--json", env=env))
    agents = {a["name"]: a for a in listing["agents"]}
    assert agents["field_notes"]["source"] == "sightline-field-notes"
    assert set(agents["field_notes"]["tools"]) == {"add_note", "read_notes"}
    out = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=root, env=env)
    assert "3 passed" in out
    shared = subprocess.run(
        [sys.executable, "-m", "pip", "show", "sightline-field-notes"], capture_output=True
    )
    assert shared.returncode != 0  # the shared environment is untouched


def test_a_bad_name_or_an_existing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not an agent name"):
        scaffold("Bad-Name", tmp_path)
    scaffold("notes", tmp_path)
    with pytest.raises(ValueError, match="exists"):
        scaffold("notes", tmp_path)
