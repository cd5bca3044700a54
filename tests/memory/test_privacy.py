"""Privacy on the way out: a cloud turn's photo of a person arrives with the face blurred."""

from __future__ import annotations

import base64
import io

import numpy as np
from images import astronaut_png, sign
from PIL import Image

from fake_llm import FakeChatServer, Scripted
from sightline.config import Settings
from sightline.perception import Perception
from sightline.privacy import shared_face_detector
from sightline.runtime import Runtime, build_runtime
from sightline.scene import Scene
from sightline.sdk.context import TurnInput
from sightline.session import Session


def _sent_images(server: FakeChatServer) -> list[bytes]:
    images = []
    for request in server.requests:
        for message in request["messages"]:
            content = message.get("content")
            for part in content if isinstance(content, list) else []:
                if part.get("type") == "image_url":
                    url = part["image_url"]["url"]
                    images.append(base64.b64decode(url.split(",", 1)[1]))
    return images


def _sharpness(pixels: np.ndarray) -> float:
    grey = pixels.astype(np.float32).mean(axis=2)
    return float(np.abs(np.diff(grey, axis=0)).mean() + np.abs(np.diff(grey, axis=1)).mean())


def _cloud_runtime(runtime: Runtime, server: FakeChatServer, tmp: object) -> Runtime:
    settings = Settings(
        cache_dir=runtime.settings.cache_dir,
        music_dir=runtime.settings.music_dir,
        llm_base_url=server.base_url,
        llm_api_key="test-key",
        llm_vision=True,
        tier="edge",
    )
    return build_runtime(settings, encoder=runtime.runner.services["memory"].encoder)


async def test_a_cloud_turn_sends_the_photo_with_the_face_blurred(
    runtime: Runtime, fake_llm: FakeChatServer, tmp_path: object
) -> None:
    photo = astronaut_png()
    original = np.asarray(Image.open(io.BytesIO(photo)).convert("RGB"))
    faces = shared_face_detector().detect(original)
    assert faces, "the detector must find the astronaut's face in the original"
    cloud = _cloud_runtime(runtime, fake_llm, tmp_path)
    fake_llm.script = [Scripted(text="An astronaut in front of a flag.")]
    turn = TurnInput("describe what you see", scene=Scene(image=photo, media_type="image/png"))
    result = await cloud.runner.run(Session(), turn, "edge")
    assert result.route.agent == "assistant" and "astronaut" in result.reply.speech
    (sent,) = _sent_images(fake_llm)
    received = np.asarray(Image.open(io.BytesIO(sent)).convert("RGB"))
    assert received.shape == original.shape
    assert shared_face_detector().detect(received) == []  # no face is findable any more
    left, top, right, bottom = max(faces, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    face_before = original[top:bottom, left:right]
    face_after = received[top:bottom, left:right]
    assert _sharpness(face_after) < 0.3 * _sharpness(face_before)
    mask = np.ones(original.shape[:2], bool)
    mask[max(top - 60, 0) : bottom + 60, max(left - 60, 0) : right + 60] = False
    elsewhere = np.abs(received.astype(int) - original.astype(int))[mask].mean()
    assert elsewhere < 6  # the rest of the frame is intact (JPEG noise only)
    (egress,) = result.trace.to_json()["details"]["egress"]
    assert egress["image_sent"] and egress["faces_blurred"] >= 1
    assert egress["bytes"] == len(sent) and (egress["width"], egress["height"]) == (512, 512)


async def test_frames_stay_on_the_hub_unless_the_turn_needs_the_cloud(
    runtime: Runtime, fake_llm: FakeChatServer, tmp_path: object
) -> None:
    cloud = _cloud_runtime(runtime, fake_llm, tmp_path)
    async with Perception() as perception:
        scene = await perception.perceive(sign("SORTIE", "EXIT"), None, want_text=True)
    read = await cloud.runner.run(Session(), TurnInput("read this", scene=scene), "edge")
    assert read.route.tool == "read" and fake_llm.requests == []  # read on the hub
    assert "details" not in read.trace.to_json()
    fake_llm.script = [Scripted(text="It says exit.")]
    translated = await cloud.runner.run(Session(), TurnInput("translate this sign", scene=scene))
    assert translated.route.agent == "assistant" and _sent_images(fake_llm) == []
    assert "SORTIE" in str(fake_llm.requests[-1]["messages"])  # the words, not the frame


def test_memory_thumbnails_have_the_faces_blurred() -> None:
    from sightline.privacy import thumbnail

    photo = astronaut_png()
    original = Image.open(io.BytesIO(photo)).convert("RGB")
    faces = shared_face_detector().detect(np.asarray(original))
    small = Image.open(io.BytesIO(thumbnail(photo, side=128))).convert("RGB")
    assert small.size == (128, 128)
    plain = original.copy()
    plain.thumbnail((128, 128))
    scale = 128 / original.width
    left, top, right, bottom = (
        round(v * scale) for v in max(faces, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    )
    blurred_face = np.asarray(small)[top:bottom, left:right]
    plain_face = np.asarray(plain)[top:bottom, left:right]
    assert _sharpness(blurred_face) < 0.5 * _sharpness(plain_face)
