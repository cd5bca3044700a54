"""Sightline cli."""
