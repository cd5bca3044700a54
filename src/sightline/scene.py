"""The scene: what is in view right now, and where the wearer is."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """A position in WGS84 degrees, with an optional accuracy in metres."""

    lat: float
    lon: float
    accuracy_m: float | None = None


@dataclass(frozen=True)
class SceneItem:
    """Something recognised in the camera image: a decoded code or a piece of text.

    Attributes:
        kind: "code" or "text".
        text: The decoded text.
        format: The code format (for example "QRCode", "EAN13"), empty for text.
        box: The bounding box in image pixels (left, top, right, bottom).
    """

    kind: str
    text: str
    format: str = ""
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Scene:
    """The camera image of this turn and what was found in it.

    Attributes:
        image: The encoded image (JPEG or PNG bytes), when one was given.
        media_type: The image's media type.
        items: Decoded codes and text, with boxes.
        gaze: The gaze point in image pixels, when known.
        focus: Index into `items` of the item under the gaze (or the most prominent one).
    """

    image: bytes | None = None
    media_type: str = "image/jpeg"
    items: tuple[SceneItem, ...] = field(default_factory=tuple)
    gaze: tuple[float, float] | None = None
    focus: int | None = None
