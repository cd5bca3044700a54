"""Errors with stable codes, so clients and scripts can tell failures apart."""

from __future__ import annotations


class SightlineError(Exception):
    """An error the wearer or a client can be told about.

    Args:
        code: A stable, machine-readable code (snake_case), never reworded.
        message: A short human explanation.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def as_dict(self) -> dict[str, str]:
        """Return the error as a JSON-ready object with `code` and `message`."""
        return {"code": self.code, "message": self.message}
