"""Over a real hub socket: a request the payment agent declines is answered by the assistant,
and the decline is in the turn's trace."""

from __future__ import annotations

from hub_client import connect


async def test_declined_request_reaches_the_assistant_and_the_trace_says_so(hub_url: str) -> None:
    ws, device, _ = await connect(hub_url, "decline-1")
    await device.send(type="text", text="where did my payment go")
    card = await device.until("card")
    assert card["card"]["lines"]
    trace = await device.until("trace")
    assert trace["agent"] == "assistant"
    assert "declined:payment" in trace["timings_ms"]
    await device.send(type="text", text="pay this")
    trace = await device.until("trace")
    assert trace["agent"] == "payment"
    assert not any(stage.startswith("declined:") for stage in trace["timings_ms"])
    await ws.close()
