"""Sightline router."""
