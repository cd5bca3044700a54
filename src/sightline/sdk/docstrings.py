"""Reading Google-style docstrings: the summary and the `Args:` section."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field

_SECTION = re.compile(
    r"^(Args|Arguments|Parameters|Returns|Return|Raises|Yields|Examples?|Notes?):\s*$"
)
_ARG = re.compile(r"^(\*{0,2}\w+)\s*(?:\(([^)]*)\))?\s*:\s*(.*)$")


@dataclass(frozen=True)
class ParsedDocstring:
    """A docstring split into its summary and per-argument descriptions."""

    summary: str = ""
    description: str = ""
    args: dict[str, str] = field(default_factory=dict)


def parse_docstring(doc: str | None) -> ParsedDocstring:
    """Parse a Google-style docstring.

    Args:
        doc: The raw docstring, or None.

    Returns:
        The summary line, the description before the first section, and the `Args:` entries.
    """
    if not doc:
        return ParsedDocstring()
    lines = inspect.cleandoc(doc).splitlines()
    body: list[str] = []
    args: dict[str, str] = {}
    section: str | None = None
    current: str | None = None
    arg_indent: int | None = None
    for raw in lines:
        header = _SECTION.match(raw.strip()) if not raw.startswith((" ", "\t")) else None
        if header:
            section, current, arg_indent = header.group(1), None, None
            continue
        if section is None:
            body.append(raw)
            continue
        if section not in ("Args", "Arguments", "Parameters") or not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip())
        match = _ARG.match(raw.strip())
        if match and (arg_indent is None or indent <= arg_indent):
            arg_indent = indent
            current = match.group(1).lstrip("*")
            args[current] = match.group(3).strip()
        elif current is not None:
            args[current] = f"{args[current]} {raw.strip()}".strip()
    description = "\n".join(body).strip()
    summary = description.split("\n\n", 1)[0].replace("\n", " ").strip()
    return ParsedDocstring(summary=summary, description=description, args=args)
