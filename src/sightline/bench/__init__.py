"""Sightline bench."""
