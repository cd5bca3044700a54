"""Sightline: one assistant in front, every service an agent behind it."""

__version__ = "0.1.0"
