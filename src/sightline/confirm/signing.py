"""Device signatures on confirmations: the exact bytes signed, and their verification.

A device registers a public key when it pairs (ECDSA P-256 or Ed25519, as base64 of its
DER SubjectPublicKeyInfo). A confirmation counts only with the device's signature over
`signed_bytes(...)`: the card id, the kind, payee, amount and currency exactly as the hub sent
them in the card's `confirmation` object, the card's one-time challenge and the modality.
The bearer token alone never confirms. docs/protocol.md, "Signed confirmations", is the
specification glasses firmware implements (the private key belongs in the secure element).
"""

from __future__ import annotations

import base64
import binascii
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from sightline.errors import SightlineError

DOMAIN: Final = b"sightline-confirm/1"
"""The first field of every signed message (never valid as anything else)."""
MODALITIES: Final = ("gaze_voice", "tap")
"""How the wearer confirms: gaze on Confirm + spoken "confirm", or gaze + a temple tap."""
P256_SIGNATURE_BYTES: Final = 64
MAX_KEY_CHARS: Final = 512


@dataclass(frozen=True)
class SignedTerms:
    """What a confirmation signature covers (strings exactly as in the card's offer).

    Attributes:
        card_id: The confirmation card's id.
        kind: "payment", "order" or "booking".
        payee: Who is paid.
        amount: The amount as a decimal string ("23.50").
        currency: ISO 4217 code ("EUR").
        challenge: The card's one-time challenge (base64url).
    """

    card_id: str
    kind: str
    payee: str
    amount: str
    currency: str
    challenge: str


def signed_bytes(terms: SignedTerms, modality: str) -> bytes:
    """The message a device signs: each field as a 4-byte big-endian length and its UTF-8.

    Fields in order: "sightline-confirm/1", card id, kind, payee, amount, currency, challenge,
    modality.
    """
    fields = (
        DOMAIN,
        *(
            value.encode("utf-8")
            for value in (
                terms.card_id,
                terms.kind,
                terms.payee,
                terms.amount,
                terms.currency,
                terms.challenge,
                modality,
            )
        ),
    )
    return b"".join(struct.pack(">I", len(field)) + field for field in fields)


def _b64decode(text: str) -> bytes:
    padded = text.strip() + "=" * (-len(text.strip()) % 4)
    return base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)


Verifier = Callable[[bytes, bytes], None]


@dataclass(frozen=True)
class DevicePublicKey:
    """A paired device's confirmation key.

    Attributes:
        algorithm: "ecdsa-p256" or "ed25519".
        spki_b64: The key as registered (base64 DER SubjectPublicKeyInfo).
    """

    algorithm: str
    spki_b64: str
    _verify: Verifier

    def verify(self, signature_b64: str, message: bytes) -> bool:
        """Whether `signature_b64` (base64url or base64) signs `message` with this key.

        ECDSA P-256 signatures are the 64-byte r‖s (IEEE P1363, as WebCrypto makes them) over
        SHA-256; Ed25519 signatures are the standard 64 bytes.
        """
        try:
            raw = _b64decode(signature_b64)
        except (binascii.Error, ValueError):
            return False
        try:
            self._verify(raw, message)
        except (InvalidSignature, ValueError):
            return False
        return True


def _ecdsa_verifier(key: ec.EllipticCurvePublicKey) -> Verifier:
    def verify(raw: bytes, message: bytes) -> None:
        if len(raw) != P256_SIGNATURE_BYTES:
            raise InvalidSignature
        r, s = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
        key.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))

    return verify


def _ed25519_verifier(key: ed25519.Ed25519PublicKey) -> Verifier:
    def verify(raw: bytes, message: bytes) -> None:
        key.verify(raw, message)

    return verify


def load_public_key(spki_b64: str) -> DevicePublicKey:
    """Read a registered key (base64 DER SubjectPublicKeyInfo; P-256 or Ed25519 only).

    Raises:
        SightlineError: `public_key_invalid`.
    """
    if not spki_b64 or len(spki_b64) > MAX_KEY_CHARS:
        raise SightlineError("public_key_invalid", "a public key is base64 SPKI, ≤ 512 chars")
    try:
        key = serialization.load_der_public_key(_b64decode(spki_b64))
    except (binascii.Error, ValueError, TypeError):
        raise SightlineError("public_key_invalid", "not a DER SubjectPublicKeyInfo") from None
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return DevicePublicKey("ecdsa-p256", spki_b64.strip(), _ecdsa_verifier(key))
    if isinstance(key, ed25519.Ed25519PublicKey):
        return DevicePublicKey("ed25519", spki_b64.strip(), _ed25519_verifier(key))
    raise SightlineError("public_key_invalid", "only ECDSA P-256 and Ed25519 keys are accepted")
