"""The rule for agents' session state: JSON values only, so a conversation can be saved and
restored in another hub process (`ToolContext.state`)."""

from __future__ import annotations

import json
import math
from typing import Any


def non_json_value(value: Any, path: str = "state") -> str | None:
    """Where `value` holds something that is not a JSON value, None when it is all JSON.

    JSON values are dicts with str keys, lists, str, int, float (finite), bool and None; a
    tuple, a set, a dataclass, a datetime or any other object is not (a tuple would come back
    from JSON as a list).

    Args:
        value: The value to check.
        path: How to name `value` in the answer.

    Returns:
        A description such as "state['player']['queue'][0] is a Track", or None.
    """
    if value is None or isinstance(value, (str, bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{path} is {value!r} (not finite)"
    if isinstance(value, list):
        for index, item in enumerate(value):
            if (found := non_json_value(item, f"{path}[{index}]")) is not None:
                return found
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path} has the key {key!r}, a {type(key).__name__} (keys must be str)"
            if (found := non_json_value(item, f"{path}[{key!r}]")) is not None:
                return found
        return None
    return f"{path} is a {type(value).__name__}"


def check_json_state(agent: str, state: dict[str, Any]) -> None:
    """Raise unless `state` holds only JSON values and survives a JSON round trip unchanged.

    Args:
        agent: The agent's name, for the message.
        state: The agent's session state (`ToolContext.state`).

    Raises:
        TypeError: A value in `state` is not JSON; the message names its key.
    """
    found = non_json_value(state)
    if found is None and json.loads(json.dumps(state)) != state:
        found = "state does not survive a JSON round trip"
    if found is not None:
        raise TypeError(
            f"agent {agent!r} left a non-JSON value in its session state: {found}. Keep only "
            "JSON values (dict, list, str, int, float, bool, None) in ctx.state: it is saved "
            "with the conversation and may be restored in another hub process; store an "
            "object's JSON form (to_json()) and rebuild it on the next call."
        )
