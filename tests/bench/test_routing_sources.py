"""Leave-one-source-out evaluation, calibration and the general-request corpus."""

from __future__ import annotations

import pytest

from sightline.bench.routing_sources import Source, calibration, evaluate_held_out, own_sources
from sightline.router.corpus import general_requests
from sightline.runtime import Runtime


def test_general_corpus_is_large_and_has_no_duplicates() -> None:
    requests = general_requests()
    assert len(requests) >= 1000
    assert "why was my card declined" in requests
    assert len({r.lower() for r in requests}) > 0.97 * len(requests)


def test_calibration_of_a_calibrated_and_an_overconfident_model() -> None:
    right = calibration([0.75] * 4, [True, True, True, False])
    assert right["ece"] == pytest.approx(0.0)
    over = calibration([0.95] * 4, [True, False, True, False])
    assert over["ece"] == pytest.approx(0.45)
    assert over["bins"] == [{"bin": 0.9, "n": 4, "confidence": 0.95, "accuracy": 0.5}]


@pytest.mark.slow
def test_held_out_source_is_scored_with_false_claims(runtime: Runtime) -> None:
    agents = runtime.registry.agents
    examples, corpus = own_sources(agents, general_requests())
    held = Source(
        "written here",
        (
            ("what's the share price of nvidia", "assistant"),
            ("why did my card get rejected at the till", "assistant"),
            ("put on some relaxing piano music", "music"),
            ("how do i walk to the nearest chemist", "navigation"),
        ),
        public=False,
    )
    store = runtime.router.edge.classifier.store
    report = evaluate_held_out(held, [examples, corpus], agents, store, thresholds=(0.5,))
    assert report["train_sources"] == ["agent_examples", "general_corpus"]
    scored = report["by_threshold"]["0.5"]
    assert scored["n"] == 4 and scored["macro_f1"] == 1.0
    claims = scored["false_claims"]
    assert {"payment", "shopping", "travel"} <= set(claims) and not any(claims.values()), claims
