"""The device registry: hashed codes and tokens, one-time codes, expiry, binding, revocation."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from sightline.errors import SightlineError
from sightline.pairing import DeviceRegistry, digest, format_code, normalize_code
from sightline.pairing.codes import CODE_ALPHABET, CODE_LENGTH


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def registry(tmp_path: Path, clock: Clock) -> DeviceRegistry:
    return DeviceRegistry(tmp_path / "devices.sqlite3", clock=clock)


def test_codes_are_short_unambiguous_and_stored_only_hashed(registry: DeviceRegistry) -> None:
    pending = registry.new_pairing_code(name="kitchen")
    assert len(pending.code) == CODE_LENGTH
    assert set(pending.code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)
    token = registry.pair(pending.code, "glasses-1")
    assert token.startswith("slt_") and len(token) > 40
    dump = "\n".join(sqlite3.connect(registry.path).iterdump())
    assert pending.code not in dump and token not in dump
    assert digest(pending.code) in dump and digest(token) in dump
    [record] = registry.devices()
    assert (record.device_id, record.name, record.active) == ("glasses-1", "kitchen", True)


def test_a_code_is_typed_loosely_and_works_once(registry: DeviceRegistry) -> None:
    code = registry.new_pairing_code().code
    typed = format_code(code).lower().replace("-", " - ")
    assert normalize_code(typed) == code
    registry.pair(typed, "glasses-1", name="My  glasses ")
    assert registry.devices()[0].name == "My glasses"
    with pytest.raises(SightlineError) as used:
        registry.pair(code, "glasses-2")
    assert used.value.code == "pairing_code_used"
    with pytest.raises(SightlineError) as wrong:
        registry.pair("ABCDEFGH", "glasses-2")
    assert wrong.value.code == "pairing_code_invalid"


def test_codes_expire(registry: DeviceRegistry, clock: Clock) -> None:
    code = registry.new_pairing_code(ttl_s=600).code
    clock.now += 601
    with pytest.raises(SightlineError) as expired:
        registry.pair(code, "glasses-1")
    assert expired.value.code == "pairing_code_expired"
    assert registry.devices() == []


def test_a_token_is_bound_to_its_device_id(registry: DeviceRegistry, clock: Clock) -> None:
    token = registry.pair(registry.new_pairing_code().code, "glasses-1")
    assert registry.check(token, "glasses-1").device_id == "glasses-1"
    with pytest.raises(SightlineError) as other:
        registry.check(token, "glasses-2")
    assert other.value.code == "device_mismatch"
    with pytest.raises(SightlineError) as unknown:
        registry.check(token + "x", "glasses-1")
    assert unknown.value.code == "token_invalid"
    assert registry.is_active(digest(token), "glasses-1")
    assert not registry.is_active(digest(token), "glasses-2")
    clock.now += 5
    registry.touch(digest(token))
    assert registry.devices()[0].last_seen == clock.now


def test_a_paired_device_id_cannot_be_taken_until_revoked(registry: DeviceRegistry) -> None:
    first = registry.pair(registry.new_pairing_code().code, "glasses-1")
    code = registry.new_pairing_code().code
    with pytest.raises(SightlineError) as taken:
        registry.pair(code, "glasses-1")
    assert taken.value.code == "device_id_taken"
    registry.revoke("glasses-1")
    second = registry.pair(code, "glasses-1")  # the refused attempt did not use the code up
    with pytest.raises(SightlineError) as revoked:
        registry.check(first, "glasses-1")
    assert revoked.value.code == "token_revoked"
    assert registry.check(second, "glasses-1").active
    assert [r.active for r in registry.devices()] == [False, True]
    assert len(registry.devices(include_revoked=False)) == 1


def test_revoke_by_prefix_must_be_unambiguous(registry: DeviceRegistry) -> None:
    for device in ("sim-aaa1", "sim-aaa2", "lens-7"):
        registry.pair(registry.new_pairing_code().code, device)
    with pytest.raises(SightlineError) as ambiguous:
        registry.revoke("sim-aaa")
    assert ambiguous.value.code == "device_ambiguous"
    with pytest.raises(SightlineError) as unknown:
        registry.revoke("nobody")
    assert unknown.value.code == "device_unknown"
    [revoked] = registry.revoke("lens")
    assert revoked.device_id == "lens-7"
    assert {r.device_id for r in registry.devices(include_revoked=False)} == {
        "sim-aaa1",
        "sim-aaa2",
    }
    registry.revoke("sim-aaa2")
    with pytest.raises(SightlineError) as again:
        registry.revoke("sim-aaa2")
    assert again.value.code == "device_unknown"


def test_two_registries_on_one_file_see_each_other(tmp_path: Path) -> None:
    """The hub and the CLI are two processes on one file: pair, check and revoke concurrently."""
    path = tmp_path / "shared.sqlite3"
    hub, cli = DeviceRegistry(path), DeviceRegistry(path)
    codes = [cli.new_pairing_code().code for _ in range(20)]
    tokens: dict[str, str] = {}
    errors: list[BaseException] = []

    def pair(index: int) -> None:
        try:
            tokens[f"dev-{index}"] = hub.pair(codes[index], f"dev-{index}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=pair, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(cli.devices()) == 20
    cli.revoke("dev-3")
    with pytest.raises(SightlineError):
        hub.check(tokens["dev-3"], "dev-3")
    assert hub.check(tokens["dev-4"], "dev-4").device_id == "dev-4"
    assert not hub.is_active(digest(tokens["dev-3"]), "dev-3")


def test_device_ids_and_names_are_checked(registry: DeviceRegistry) -> None:
    code = registry.new_pairing_code().code
    with pytest.raises(SightlineError) as bad:
        registry.pair(code, "x" * 129)
    assert bad.value.code == "device_id_invalid"
    registry.pair(code, "glasses-1", name="n" * 200)
    assert len(registry.devices()[0].name) == 64
