"""The pieces behind the hostile-client defences, without a server: the attempt limiter, the
client address behind proxies, the Origin check, the image header check."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from sightline.errors import SightlineError
from sightline.hub.attempt_limiter import Attempt, AttemptLimiter
from sightline.hub.client_address import client_address, parse_networks
from sightline.hub.origins import origin_allowed
from sightline.perception.images import decode_image, open_image_header


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_limiter_counts_before_checking_forgives_right_ones_and_expires() -> None:
    clock = Clock()
    limiter = AttemptLimiter(60.0, clock=clock)
    reserved = [limiter.reserve({"a": 3}) for _ in range(3)]
    assert all(isinstance(r, Attempt) for r in reserved)
    wait = limiter.reserve({"a": 3})
    assert wait == pytest.approx(60.0)
    first = reserved[0]
    assert isinstance(first, Attempt)
    limiter.forgive(first)
    assert isinstance(limiter.reserve({"a": 3}), Attempt)
    clock.now += 61
    assert isinstance(limiter.reserve({"a": 3}), Attempt)
    assert isinstance(limiter.reserve({"b": 1, "a": 3}), Attempt)
    assert not isinstance(limiter.reserve({"b": 1}), Attempt)


def test_the_limiter_forgets_the_oldest_keys_past_its_bound() -> None:
    limiter = AttemptLimiter(60.0, max_keys=100)
    for n in range(1000):
        limiter.reserve({f"k{n}": 1})
    assert len(limiter) == 100


def test_forwarded_for_is_believed_only_from_trusted_proxies() -> None:
    proxies = parse_networks(["127.0.0.1", "10.0.0.0/8"])
    forged = {"x-forwarded-for": "203.0.113.9"}
    assert client_address("192.0.2.1", forged, proxies) == "192.0.2.1"
    assert client_address("127.0.0.1", forged, ()) == "127.0.0.1"
    assert client_address("127.0.0.1", forged, proxies) == "203.0.113.9"
    chain = {"x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.1.2.3"}
    assert client_address("127.0.0.1", chain, proxies) == "198.51.100.4"
    assert client_address("127.0.0.1", {}, proxies) == "127.0.0.1"
    with pytest.raises(ValueError):
        parse_networks(["not an address"])


def test_origins() -> None:
    host = {"host": "127.0.0.1:8765"}
    assert origin_allowed(host, [])
    assert origin_allowed({**host, "origin": "http://127.0.0.1:8765"}, [])
    assert not origin_allowed({**host, "origin": "http://evil.example"}, [])
    assert origin_allowed({**host, "origin": "https://app.example/"}, ["https://app.example"])
    assert origin_allowed({**host, "origin": "http://evil.example"}, ["*"])
    assert not origin_allowed({"origin": "http://127.0.0.1:8765"}, [])


def png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("L", size).save(out, "PNG")
    return out.getvalue()


def test_image_size_is_checked_from_the_header_with_our_message() -> None:
    bomb = png((6000, 6000))
    header = open_image_header(png((640, 480)), max_pixels=12_000_000)
    assert header.size == (640, 480)
    with pytest.raises(SightlineError) as refused:
        decode_image(bomb, max_pixels=12_000_000)
    assert refused.value.code == "image_too_large"
    assert "6000×6000" in refused.value.message and "12 megapixels" in refused.value.message
