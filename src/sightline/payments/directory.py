"""The wearer's payees by name: contacts to send money to, and billers to pay.

Both are small JSON files (`Settings.contacts_file`, `Settings.billers_file`):

    {"contacts": [{"name": "Anna Schmidt", "account": "anna", "aliases": ["Anna"],
                   "detail": "IBAN …4321"}]}
    {"billers": [{"name": "EDF", "account": "edf", "aliases": ["electricity"],
                  "currency": "EUR"}]}

A missing file is an empty list. A payee reached by name must be in the file: neither the cloud
model nor text in view can make up an account.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sightline.errors import SightlineError

_WORD = re.compile(r"[\w']+")
_FILLER = frozenset({"my", "the", "a", "to", "for", "bill", "bills", "account", "our"})


@dataclass(frozen=True)
class Entry:
    """A named payee.

    Attributes:
        name: As shown on cards.
        account: The ledger's payee account is `payee:<kind>:<account>`.
        aliases: Other names the wearer uses ("mum", "electricity").
        detail: A second line for the card (bank, IBAN tail, what the bill is).
        currency: The payee's currency, when it has a fixed one.
    """

    name: str
    account: str
    aliases: tuple[str, ...] = ()
    detail: str = ""
    currency: str | None = None

    def names(self) -> list[tuple[str, ...]]:
        """The entry's names as word tuples, lowercase."""
        return [_words(n) for n in (self.name, *self.aliases) if _words(n)]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(text.lower()) if w not in _FILLER)


class Directory:
    """Named payees of one kind, loaded from a JSON file.

    Args:
        kind: "contact" or "biller" (the ledger account prefix).
        entries: The payees.
    """

    def __init__(self, kind: str, entries: Sequence[Entry]) -> None:
        self.kind = kind
        self.entries = tuple(entries)

    @classmethod
    def load(cls, kind: str, path: Path) -> Directory:
        """Read `{"<kind>s": [...]}` (or a bare list) from `path`; missing means empty.

        Raises:
            SightlineError: `directory_invalid` when the file is not such JSON.
        """
        if not path.is_file():
            return cls(kind, ())
        try:
            raw: Any = json.loads(path.read_text(encoding="utf-8"))
            rows = raw.get(f"{kind}s", []) if isinstance(raw, dict) else raw
            entries = [
                Entry(
                    name=str(row["name"]),
                    account=str(row.get("account") or row["name"]).strip().lower(),
                    aliases=tuple(str(a) for a in row.get("aliases", ())),
                    detail=str(row.get("detail", "")),
                    currency=(str(row["currency"]).upper() if row.get("currency") else None),
                )
                for row in rows
            ]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SightlineError(
                "directory_invalid", f"{path} is not a {kind} list: {exc}"
            ) from exc
        return cls(kind, entries)

    def account_of(self, entry: Entry) -> str:
        """The ledger's payee account for an entry."""
        return f"payee:{self.kind}:{entry.account}"

    def find(self, query: str) -> list[Entry]:
        """Entries the words name: exact names first, else names whose words all appear.

        Args:
            query: What the wearer said ("Anna", "my mum", "the electricity bill").

        Returns:
            The matches (none, one, or several when the name is ambiguous).
        """
        words = _words(query)
        if not words:
            return []
        exact = [e for e in self.entries if words in e.names()]
        if exact:
            return exact
        first = [e for e in self.entries if any(n[:1] == words for n in e.names())]
        if first:
            return first
        return [e for e in self.entries if any(n and set(n) <= set(words) for n in e.names())]
