"""`sightline new-agent NAME`: a ready agent package (pyproject, agent, test, README)."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from sightline.cli import agent_template as template
from sightline.cli.common import fail

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def scaffold(name: str, parent: Path) -> Path:
    """Write the package of a new agent into `parent / name`.

    Args:
        name: The agent's name (lowercase letters, digits, underscores).
        parent: The folder to create it in.

    Returns:
        The package folder.

    Raises:
        ValueError: A bad name, or the folder exists already.
    """
    if not _NAME.match(name):
        raise ValueError(f"'{name}' is not an agent name (lowercase letters, digits, _)")
    root = parent / name
    if root.exists():
        raise ValueError(f"{root} exists already")
    module = f"sightline_{name}"
    fields = {
        "name": name,
        "dist": name.replace("_", "-"),
        "module": module,
        "cls": "".join(p.capitalize() for p in name.split("_")) + "Agent",
        "title": name.replace("_", " "),
    }
    files = {
        "pyproject.toml": template.PYPROJECT,
        "README.md": template.README,
        f"src/{module}/__init__.py": template.INIT,
        f"src/{module}/agent.py": template.AGENT,
        "tests/test_agent.py": template.TEST,
    }
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.substitute(fields), encoding="utf-8")
    return root


def new_agent(
    name: str = typer.Argument(..., help="The agent's name: lowercase letters, digits, _."),
    directory: Path = typer.Option(Path("."), "--dir", help="Where to create the package."),
) -> None:
    """Create a ready agent package: `pip install -e DIR/NAME` and it is an agent."""
    try:
        root = scaffold(name, directory)
    except ValueError as exc:
        raise fail("bad_agent_name" if "name" in str(exc) else "exists", str(exc)) from None
    typer.echo(f"created {root}")
    typer.echo(f"next: pip install -e {root} && sightline agents && (cd {root} && pytest)")
