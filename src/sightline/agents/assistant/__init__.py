"""The general assistant agent."""

from sightline.agents.assistant.agent import AssistantAgent

__all__ = ["AssistantAgent"]
