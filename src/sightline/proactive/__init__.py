"""Proactive cards: a rules engine turning moments, location and time into unasked cards."""

from sightline.proactive.boarding import BoardingTrigger
from sightline.proactive.engine import ProactiveEngine, Shown

__all__ = ["BoardingTrigger", "ProactiveEngine", "Shown"]
