"""Quiet audio is held back from the recogniser until speech resumes (`QuietHold`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sightline.voice.transcribe import QuietHold

CHUNK = 640  # 20 ms at 16 kHz, 16-bit


def test_quiet_between_words_is_kept_and_the_pause_after_them_trimmed() -> None:
    hold = QuietHold(trailing_ms=40)
    fed = hold.add(b"a" * CHUNK, voiced=True)
    assert hold.add(b"q" * CHUNK, voiced=False) == b""
    fed += hold.add(b"b" * CHUNK, voiced=True)
    for _ in range(10):
        fed += hold.add(b"z" * CHUNK, voiced=False)
    fed += hold.tail()
    assert fed == b"a" * CHUNK + b"q" * CHUNK + b"b" * CHUNK + b"z" * 1280
    assert hold.tail() == b""


@given(st.lists(st.tuples(st.binary(min_size=2, max_size=64), st.booleans()), max_size=30))
def test_what_is_fed_is_the_audio_in_order_up_to_the_trailing_quiet(
    chunks: list[tuple[bytes, bool]],
) -> None:
    hold = QuietHold(trailing_ms=1)  # 32 bytes
    fed = b"".join(hold.add(audio, voiced) for audio, voiced in chunks) + hold.tail()
    everything = b"".join(audio for audio, _ in chunks)
    last_voiced = max((i for i, (_, voiced) in enumerate(chunks) if voiced), default=-1)
    spoken = b"".join(audio for audio, _ in chunks[: last_voiced + 1])
    quiet_after = everything[len(spoken) :]
    assert fed == spoken + quiet_after[:32]
