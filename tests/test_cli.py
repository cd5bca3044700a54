"""The command line, run as a real process: ask, agents, config, bench routing, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, music_dir: Path) -> dict[str, str]:
    values = dict(os.environ)
    values.update(
        SIGHTLINE_MUSIC_DIR=str(music_dir),
        SIGHTLINE_CACHE_DIR=str(tmp_path_factory.mktemp("cli-cache")),
        SIGHTLINE_LLM_BASE_URL="",
    )
    return values


def run(env: dict[str, str], *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "sightline", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == code, done.stderr + done.stdout
    return done


def last_json(done: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_ask_play_some_jazz_plays_from_the_library(env: dict[str, str], tmp_path: Path) -> None:
    png = tmp_path / "card.png"
    out = last_json(run(env, "ask", "play some jazz", "--json", "--card-png", str(png)))
    assert {
        "agent",
        "tool",
        "arguments",
        "tier",
        "confidence",
        "card",
        "speech",
        "timings_ms",
    } <= set(out)
    assert (out["agent"], out["tool"], out["tier"]) == ("music", "play", "edge")
    assert out["arguments"] == {"query": "jazz"}
    assert 0.6 <= out["confidence"] <= 1
    assert "Jazz" in out["now_playing"]["genre"]
    assert out["speech"].startswith("Playing ")
    assert {"routed", "agent_done", "card_rendered"} <= set(out["timings_ms"])
    with Image.open(png) as image:
        assert image.size == (640, 480)


def test_ask_navigation_with_map_and_location(env: dict[str, str], shared_data: Path) -> None:
    monaco = shared_data / "maps" / "monaco.osm.pbf"
    out = last_json(
        run(
            env,
            "ask",
            "take me to the nearest pharmacy",
            "--json",
            "--map",
            str(monaco),
            "--at",
            "43.7384,7.4246",
        )
    )
    assert (out["agent"], out["tool"]) == ("navigation", "route_to")
    assert out["destination"]["tags"]["amenity"] == "pharmacy"
    assert out["destination"]["osm_id"] and out["distance_m"] > 0 and out["steps"]
    assert "bad_map" in run(env, "ask", "where am i", "--map", "/nonexistent.pbf", code=2).stderr


def test_ask_prints_a_card_preview(env: dict[str, str]) -> None:
    done = run(env, "ask", "what is 6 times 7")
    assert "6 × 7 = 42" in done.stdout
    assert "assistant.answer" in done.stdout


def test_ask_card_png_for_every_profile(env: dict[str, str], tmp_path: Path) -> None:
    for profile, size, mode in [
        ("mono-576x136", (576, 136), "1"),
        ("mono-640x400", (640, 400), None),
    ]:
        png = tmp_path / f"{profile}.png"
        run(
            env,
            "ask",
            "take me to the nearest pharmacy",
            "--profile",
            profile,
            "--card-png",
            str(png),
        )
        with Image.open(png) as image:
            assert image.size == size
            if mode:
                assert image.mode == mode


def test_ask_rejects_bad_input_with_stable_codes(env: dict[str, str], tmp_path: Path) -> None:
    not_image = tmp_path / "x.jpg"
    not_image.write_bytes(b"definitely not a jpeg")
    assert "bad_image" in run(env, "ask", "what is this", "--image", str(not_image), code=2).stderr
    assert "bad_tier" in run(env, "ask", "hi", "--tier", "moon", code=2).stderr
    assert "unknown_profile" in run(env, "ask", "hi", "--profile", "imax", code=2).stderr
    assert "empty_request" in run(env, "ask", "   ", code=2).stderr


def test_ask_with_an_image_offline(env: dict[str, str], tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    Image.new("RGB", (64, 48), "white").save(photo)
    out = last_json(run(env, "ask", "what am I looking at", "--image", str(photo), "--json"))
    assert out["agent"] == "assistant"
    assert out["card"]["title"] == "Not available offline"


def test_agents_lists_tools_permissions_examples(env: dict[str, str]) -> None:
    listing = last_json(run(env, "agents", "--json"))
    agents = {a["name"]: a for a in listing["agents"]}
    assert set(agents) >= {"assistant", "music", "navigation", "shopping", "payment", "travel"}
    assert "play" in agents["music"]["tools"]
    assert agents["payment"]["permissions"] == ["camera", "payment"]
    assert agents["music"]["example_count"] > 100
    table = run(env, "agents").stdout
    assert "music" in table and "play(query)" in table


def test_config_masks_secrets(env: dict[str, str]) -> None:
    secret_env = dict(
        env,
        SIGHTLINE_LLM_API_KEY="sk-very-secret-key-1234",
        SIGHTLINE_LLM_BASE_URL="http://127.0.0.1:9/v1",
    )
    shown = last_json(run(secret_env, "config", "--json"))
    assert shown["llm_api_key"] == "****1234"
    assert shown["llm_base_url"] == "http://127.0.0.1:9/v1"
    assert "sk-very-secret" not in run(secret_env, "config").stdout


def test_bench_routing_prints_figures_and_json(env: dict[str, str], tmp_path: Path) -> None:
    data = tmp_path / "mini.jsonl"
    lines = [
        {"text": "play some jazz", "agent": "music"},
        {"text": "take me to the nearest pharmacy", "agent": "navigation"},
        {"text": "when does my flight board", "agent": "travel"},
        {"text": "what's the weather tomorrow", "agent": "assistant", "extra": 1},
    ]
    data.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    done = run(env, "bench", "routing", "--data", str(data), "--json", "--confusions")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"n", "accuracy", "macro_f1", "per_agent", "confusions", "p95_ms"} <= set(report)
    assert report["confusions"]["music"] == {"music": 1}
    assert "Confusions" in done.stdout
    assert report["n"] == 4 and report["accuracy"] == 1.0
    assert set(report["per_agent"]) == {"music", "navigation", "travel", "assistant"}
    assert "macro-F1" in done.stdout


def test_bench_routing_bad_data(env: dict[str, str], tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"text": "hi", "agent": "assistant"}\nnot json\n')
    assert "bad.jsonl:2" in run(env, "bench", "routing", "--data", str(data), code=2).stderr


def test_catalog_import_then_compare_prices(env: dict[str, str], tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "shopping" / "catalog_fixture.json"
    cat_env = dict(env, SIGHTLINE_CATALOG_PATH=str(tmp_path / "catalog.sqlite"))
    done = run(cat_env, "catalog", "import", str(fixture))
    assert "catalog.sqlite" in done.stdout
    again = run(cat_env, "catalog", "import", str(fixture))
    assert "catalog.sqlite" in again.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("gtin,name\n123,Nothing\n")
    assert run(cat_env, "catalog", "import", str(bad), code=1).returncode == 1


def test_ask_about_the_product_under_the_gaze(
    env: dict[str, str], tmp_path: Path, shared_data: Path
) -> None:
    """Two products side by side: the answer is for the one the wearer looks at."""
    cat_env = dict(env, SIGHTLINE_CATALOG_PATH=str(tmp_path / "catalog.sqlite"))
    run(
        cat_env,
        "catalog",
        "import",
        str(Path(__file__).parent / "shopping" / "catalog_fixture.json"),
    )
    scans = shared_data / "scan" / "ean13-1"
    with Image.open(scans / "1.png") as left, Image.open(scans / "14.png") as right:
        left_rgb, right_rgb = left.convert("RGB"), right.convert("RGB")
        shelf = Image.new(
            "RGB", (left.width + right.width + 40, max(left.height, right.height)), "white"
        )
        shelf.paste(left_rgb, (0, 0))
        shelf.paste(right_rgb, (left.width + 40, 0))
    photo = tmp_path / "shelf.png"
    shelf.save(photo)
    expected = {
        "left": (scans / "1.txt").read_text().strip(),
        "right": (scans / "14.txt").read_text().strip(),
    }
    points = {
        "left": f"{left_rgb.width // 2},{left_rgb.height // 2}",
        "right": f"{left_rgb.width + 40 + right_rgb.width // 2},{right_rgb.height // 2}",
    }
    for side, gaze in points.items():
        out = last_json(
            run(
                cat_env,
                "ask",
                "is this cheaper online",
                "--image",
                str(photo),
                "--gaze",
                gaze,
                "--json",
            )
        )
        assert (out["agent"], out["tool"]) == ("shopping", "compare_price")
        assert out["product"]["gtin"].endswith(expected[side]), side
        assert out["best"] and out["offers"][0]["unit_price"], out["offers"][0]
    assert "gaze_without_image" in run(env, "ask", "hi", "--gaze", "1,2", code=2).stderr
