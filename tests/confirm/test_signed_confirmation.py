"""Signed confirmations: the bytes signed, and every confirmation a script holding only the
device's token (or a stolen signature) can send moving no money."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace

import pytest

from pay_fixtures import Device, balances, cafe_qr, transfers_for
from sightline.confirm import SignedConfirmation, SignedTerms, load_public_key, signed_bytes
from sightline.confirm.device_key import LocalDeviceKey, terms_of
from sightline.errors import SightlineError
from sightline.ledger import Ledger, verify
from sightline.scene import Scene, SceneItem
from sightline.turns import TurnResult

EXAMPLE_SHA256 = "a0d5a7e52a82b82825a5dab77264ba588844c1a347f66c47f422ed857f3a4a54"
TERMS = SignedTerms("card-1", "payment", "Café Rosa", "23.50", "EUR", "Y2hhbGxlbmdl")


def static_code() -> Scene:
    items = (SceneItem("code", cafe_qr(None), "QRCode", (0, 0, 100, 100)),)
    return Scene(items=items, focus=0)


def refused(result: TurnResult | None) -> str:
    assert result is not None and result.error is not None, result
    assert "Nothing was paid." in result.reply.card.lines
    return result.error["code"]


def untouched(ledger: Ledger) -> None:
    assert transfers_for(ledger) == []
    assert balances(ledger)["wallet"] == 100_00
    assert verify(ledger).ok


def test_the_signed_bytes_are_length_prefixed_fields() -> None:
    """The example of docs/protocol.md, byte for byte."""
    message = signed_bytes(TERMS, "gaze_voice")
    assert message[:23] == b"\x00\x00\x00\x13sightline-confirm/1"
    assert message[23:33] == b"\x00\x00\x00\x06card-1"
    assert message.endswith(b"\x00\x00\x00\x0agaze_voice")
    assert "Café".encode() in message and len(message) == 104
    assert hashlib.sha256(message).hexdigest() == EXAMPLE_SHA256
    assert signed_bytes(TERMS, "tap") != message
    assert signed_bytes(replace(TERMS, amount="23.5"), "gaze_voice") != message


def test_keys_are_p256_or_ed25519_and_signatures_verify() -> None:
    key = LocalDeviceKey()
    public = load_public_key(key.public_b64())
    assert public.algorithm == "ecdsa-p256"
    signature = key.sign(TERMS, "gaze_voice")
    assert public.verify(signature, signed_bytes(TERMS, "gaze_voice"))
    assert not public.verify(signature, signed_bytes(TERMS, "tap"))
    assert not public.verify("not base64!", signed_bytes(TERMS, "tap"))
    assert not public.verify(base64.b64encode(b"x" * 64).decode(), signed_bytes(TERMS, "tap"))
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519

    edkey = ed25519.Ed25519PrivateKey.generate()
    spki = edkey.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    ed = load_public_key(base64.b64encode(spki).decode())
    raw = edkey.sign(signed_bytes(TERMS, "tap"))
    assert ed.algorithm == "ed25519"
    assert ed.verify(base64.urlsafe_b64encode(raw).decode(), signed_bytes(TERMS, "tap"))
    p384 = (
        ec.generate_private_key(ec.SECP384R1())
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    for bad in (base64.b64encode(p384).decode(), "AAAA", ""):
        with pytest.raises(SightlineError) as caught:
            load_public_key(bad)
        assert caught.value.code == "public_key_invalid"


async def test_acked_asserted_gaze_and_typed_confirm_pay_nothing(
    device: Device, ledger: Ledger
) -> None:
    """Issue 17's script: card_ack, a gaze claiming the dwell, then "confirm" typed or a tap."""
    await device.say("pay 2 to this", static_code())
    device.offer = None  # the script holds the token, not the key: it never signs
    await device.gaze("confirm", 900)
    assert refused(await device.say("confirm", source="typed")) == "voice_required"
    await device.say("pay 3 to this", static_code())
    device.offer = None
    await device.gaze("confirm", 900)
    assert refused(await device.tap()) == "signature_required"
    await device.say("pay 4 to this", static_code())
    device.offer = None
    await device.gaze("confirm", 900)
    assert refused(await device.say("confirm")) == "signature_required"  # even if "heard"
    untouched(ledger)


async def test_forged_tampered_or_keyless_signatures_pay_nothing(
    device: Device, ledger: Ledger
) -> None:
    asked = await device.say("pay 2 to this", static_code())
    real = device.key
    device.key = LocalDeviceKey()  # another key than the one paired
    assert refused(await device.gaze("confirm", 900)) == "signature_invalid"
    asked = await device.say("pay 2 to this", static_code())
    assert asked.pending is not None
    tampered = terms_of({**asked.pending, "amount": "0.02"})
    forged = SignedConfirmation(
        asked.card_id, "gaze_voice", real.sign(tampered, "gaze_voice"), device.clock()
    )
    assert refused(await device.runner.device_input(device.session, forged)) == (
        "signature_invalid"
    )
    await device.say("pay 2 to this", static_code())
    device.key = real
    device.session.confirm.device_key = None  # paired without a key
    assert refused(await device.gaze("confirm", 900)) == "device_key_missing"
    untouched(ledger)


async def test_a_signature_from_an_earlier_connection_is_void(
    device: Device, ledger: Ledger
) -> None:
    """Another connection of the device took over: the card's challenge is renewed."""
    asked = await device.say("pay 2 to this", static_code())
    assert asked.pending is not None
    stolen = device.key.sign(terms_of(asked.pending), "gaze_voice")
    state = device.session.confirm
    state.new_connection(device.key.public_key())
    pending = state.pending
    assert pending is not None and pending.challenge != asked.pending["challenge"]
    replayed = SignedConfirmation(asked.card_id, "gaze_voice", stolen, device.clock())
    assert refused(await device.runner.device_input(device.session, replayed)) == (
        "signature_invalid"
    )
    untouched(ledger)
