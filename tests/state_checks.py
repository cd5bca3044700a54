"""Checks that an agent's session state is JSON and that a conversation resumes from it.

`replay(steps)` runs the same tool calls twice, once keeping the state dict as it is and once
replacing it by its JSON round trip before every call (as a restore in another hub process
would); the replies must be the same, and after every call the state must be JSON.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sightline.sdk import Reply
from sightline.sdk.state import check_json_state

State = dict[str, Any]
Step = Callable[[State], Awaitable[Any]]


def assert_json(agent: str, state: State) -> None:
    """The state is JSON (no `default=` needed) and survives a round trip unchanged."""
    check_json_state(agent, state)
    assert json.loads(json.dumps(state)) == state


def as_data(result: Any) -> Any:
    """A reply (or a list of guidance events, or None) as comparable plain data."""
    if isinstance(result, Reply):
        return result.model_dump(mode="json")
    if isinstance(result, list):
        return [repr(item) for item in result]
    return result


async def run(agent: str, steps: Sequence[Step], round_trip: bool) -> list[Any]:
    """Run `steps` on one session state; each step's result as plain data."""
    state: State = {}
    results = []
    for step in steps:
        if round_trip:
            state = json.loads(json.dumps(state))
        results.append(as_data(await step(state)))
        assert_json(agent, state)
    return results


async def replay(agent: str, make_steps: Callable[[], Sequence[Step]]) -> list[Any]:
    """Run the steps with and without a JSON round trip between calls; the same replies.

    Args:
        agent: The agent's name, for the messages.
        make_steps: Builds the steps afresh (with fresh fakes such as clocks) for each run.

    Returns:
        The results of the run with round trips.
    """
    kept = await run(agent, make_steps(), round_trip=False)
    restored = await run(agent, make_steps(), round_trip=True)
    for number, (again, first) in enumerate(zip(restored, kept, strict=True)):
        assert again == first, f"step {number} differs after a round trip:\n{again}\n{first}"
    return restored
