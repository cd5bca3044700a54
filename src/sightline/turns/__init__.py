"""The turn stages a conversation calls, each in its own module, sequenced by `TurnRunner`.

- `gate_words`: "confirm"/"cancel" while a confirmation is pending go to the gate, never the
  router; any other turn withdraws the pending confirmation.
- `routing`: an open follow-up's answer goes back to the agent that asked, else the router.
- `invoking`: the agent's tool, with a permission-checked context; failures become error cards.
- `opening`: a reply's `ConfirmRequest` becomes the pending confirmation (its card bound).
- `recording`: moments for memory, in the background.
- `device_results`: results decided without words (the gate's outcomes, location answers,
  proactive cards).
"""

from sightline.turn_result import TurnResult
from sightline.turns.runner import TurnRunner

__all__ = ["TurnResult", "TurnRunner"]
