"""Questions the assistant answers offline: the time, the date, and plain arithmetic."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import datetime

_TIME = re.compile(r"\bwhat(?:'s| is)? (?:the )?time\b|\btime is it\b|\bcurrent time\b")
_DATE = re.compile(
    r"\b(?:what(?:'s| is)? (?:the |today's )?(?:date|day)|what day is it|today's date)\b"
)
_OPS: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
_WORD_OPS = [
    (r"\bmultiplied by\b|\btimes\b|\bx\b", "*"),
    (r"\bdivided by\b|\bover\b", "/"),
    (r"\bplus\b|\band\b", "+"),
    (r"\bminus\b|\btake away\b", "-"),
]
_EXPRESSION = re.compile(r"^\s*(-?\d+(?:\.\d+)?)(?:\s*([-+*/])\s*(-?\d+(?:\.\d+)?))+\s*$")
_TOKEN = re.compile(r"-?\d+(?:\.\d+)?|[-+*/]")


def _arithmetic(text: str) -> str | None:
    body = re.sub(r"^(?:what(?:'s| is)|how much is|calculate|compute)\s+", "", text)
    body = body.rstrip("?.! ").replace("×", "*").replace("÷", "/").replace(",", "")
    for pattern, symbol in _WORD_OPS:
        body = re.sub(pattern, f" {symbol} ", body)
    if not _EXPRESSION.match(body):
        return None
    tokens = _TOKEN.findall(body)
    # Multiplication and division bind first: fold them into terms, then add the terms up.
    terms: list[float] = [float(tokens[0])]
    signs: list[str] = []
    for op, num in zip(tokens[1::2], tokens[2::2], strict=True):
        value = float(num)
        if op in "*/":
            if op == "/" and value == 0:
                return "Dividing by zero has no answer."
            terms[-1] = _OPS[op](terms[-1], value)
        else:
            signs.append(op)
            terms.append(value)
    result = terms[0]
    for op, value in zip(signs, terms[1:], strict=True):
        result = _OPS[op](result, value)
    shown = f"{result:.10g}"
    shown_tokens = [{"*": "×", "/": "÷", "-": "−"}.get(t, t) for t in tokens]
    return f"{' '.join(shown_tokens)} = {shown}"


def local_answer(question: str, now: datetime) -> str | None:
    """Answer without a network, when the question is one the hub can answer itself.

    Args:
        question: The wearer's question.
        now: The current local time.

    Returns:
        The answer, or None when the question needs the cloud model.
    """
    text = " ".join(question.lower().split())
    if _TIME.search(text):
        return f"It's {now:%H:%M}."
    if _DATE.search(text):
        return f"It's {now:%A, %d %B %Y}."
    return _arithmetic(text)
