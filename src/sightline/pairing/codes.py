"""Pairing codes and device tokens: how they look, how they are made and how they are stored."""

from __future__ import annotations

import hashlib
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L)."""

CODE_LENGTH = 8
TOKEN_PREFIX = "slt_"
TOKEN_BYTES = 32


def new_code() -> str:
    """A fresh pairing code, 8 characters from `CODE_ALPHABET` (about 40 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    """A code as typed ("abcd-efgh", "ABCD EFGH") in its stored form ("ABCDEFGH")."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """A code for people: two groups of four ("ABCD-EFGH")."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def new_token() -> str:
    """A fresh device token (256 random bits, URL-safe)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def digest(secret: str) -> str:
    """The SHA-256 hex digest under which a code or a token is stored (never the secret)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
