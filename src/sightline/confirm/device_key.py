"""A device's own signing key, for devices that run in Python (the CLI's simulated glasses).

Glasses keep the private key in their secure element and the browser simulator in a
non-extractable WebCrypto key; this is the same ECDSA P-256 signing in software, so the
command line is a real, signing device rather than a way around the signature.
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from sightline.confirm.signing import DevicePublicKey, SignedTerms, load_public_key, signed_bytes


def terms_of(offer: dict[str, Any]) -> SignedTerms:
    """The signed terms from a card's confirmation offer (`TurnResult.pending`, or the wire's
    `card.confirmation`)."""
    return SignedTerms(
        card_id=str(offer["card_id"]),
        kind=str(offer["kind"]),
        payee=str(offer["payee"]),
        amount=str(offer["amount"]),
        currency=str(offer["currency"]),
        challenge=str(offer["challenge"]),
    )


class LocalDeviceKey:
    """An ECDSA P-256 key pair held in memory."""

    def __init__(self) -> None:
        self._private = ec.generate_private_key(ec.SECP256R1())

    def public_b64(self) -> str:
        """The public key as registered at pairing: base64 DER SubjectPublicKeyInfo."""
        der = self._private.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return base64.b64encode(der).decode("ascii")

    def public_key(self) -> DevicePublicKey:
        """The hub's view of this key."""
        return load_public_key(self.public_b64())

    def sign(self, terms: SignedTerms, modality: str) -> str:
        """The base64url r‖s signature of `signed_bytes(terms, modality)`."""
        der = self._private.sign(signed_bytes(terms, modality), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
