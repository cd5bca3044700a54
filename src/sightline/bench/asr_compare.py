"""Recognisers side by side: one row per recogniser and condition."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def format_side_by_side(results: Sequence[dict[str, Any]]) -> str:
    """A plain-text table of several `score_utterances` results (with `rss_mb`, and the routing
    figures of `run_command_benchmark` when it routed)."""
    if not results:
        return ""
    first = results[0]
    lines = [
        f"{first.get('title', 'ASR benchmark')}: {first['utterances']} utterances, "
        f"{first['audio_s']:.1f} s of audio",
        f"{'recogniser':<13} {'SNR':>6} {'WER':>6} {'unsure':>6} {'routed spoken':>13} "
        f"{'typed':>6} {'finish p50/p95 ms':>18} {'RTF':>6} {'RSS MB':>7}",
    ]
    for result in results:
        typed = result.get("routed_reference")
        for row in result["conditions"]:
            snr = "clean" if row["snr_db"] is None else f"{row['snr_db']:g} dB"
            routed = row.get("routed")
            lines.append(
                f"{result['backend']:<13} {snr:>6} {row['wer']:>6.1%} {row.get('unsure', 0):>6} "
                f"{'' if routed is None else f'{routed:.1%}':>13} "
                f"{'' if typed is None else f'{typed:.1%}':>6} "
                f"{row['finish_ms_p50'] or 0:>8.0f}/{row['finish_ms_p95'] or 0:<9.0f} "
                f"{row['rtf'] or 0:>6.3f} {result.get('rss_mb') or 0:>7.0f}"
            )
    return "\n".join(lines)
