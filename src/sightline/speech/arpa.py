"""Reading and writing ARPA back-off language model files (the text format pocketsphinx loads)."""

from __future__ import annotations

import re
from pathlib import Path

from sightline.speech.ngram import Gram, NGramLM

_HEADER = re.compile(r"^ngram (\d+)=(\d+)$")
_SECTION = re.compile(r"^\\(\d+)-grams:$")


def format_arpa(lm: NGramLM) -> str:
    """The model as ARPA text: counts header, then each order's n-grams, sorted.

    Each line is `log10 P<TAB>words[<TAB>log10 back-off]`; back-off weights are written for
    n-grams that are contexts of the next order (0 is omitted: a weight of one).
    """
    lines = ["\\data\\"]
    lines += [f"ngram {n + 1}={len(level)}" for n, level in enumerate(lm.logprobs)]
    for n, level in enumerate(lm.logprobs):
        lines += ["", f"\\{n + 1}-grams:"]
        weights = lm.backoffs[n] if n < len(lm.backoffs) else {}
        for gram in sorted(level):
            line = f"{level[gram]:.6f}\t{' '.join(gram)}"
            if gram in weights:
                line += f"\t{weights[gram]:.6f}"
            lines.append(line)
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)


def write_arpa(lm: NGramLM, path: Path) -> None:
    """Write the model to `path` as ARPA text (UTF-8)."""
    path.write_text(format_arpa(lm), encoding="utf-8")


def parse_arpa(text: str) -> NGramLM:
    """Read ARPA text back into a model.

    Args:
        text: A whole ARPA file.

    Returns:
        The model (n-grams missing a back-off field get none: a weight of one).

    Raises:
        ValueError: The text is not ARPA, or a section's size differs from its header.
    """
    declared: dict[int, int] = {}
    levels: list[dict[Gram, float]] = []
    backoffs: list[dict[Gram, float]] = []
    current = 0
    for raw in text.splitlines():
        line = raw.strip()
        if header := _HEADER.match(line):
            declared[int(header.group(1))] = int(header.group(2))
        elif section := _SECTION.match(line):
            current = int(section.group(1))
            levels.append({})
            backoffs.append({})
        elif line and current and not line.startswith("\\"):
            fields = line.split()
            gram = tuple(fields[1 : current + 1])
            levels[current - 1][gram] = float(fields[0])
            if len(fields) > current + 1:
                backoffs[current - 1][gram] = float(fields[current + 1])
    if not levels or any(declared.get(n + 1) != len(lv) for n, lv in enumerate(levels)):
        raise ValueError("not an ARPA model, or its n-gram counts do not match its header")
    return NGramLM(order=len(levels), logprobs=tuple(levels), backoffs=tuple(backoffs[:-1]))
