"""Music: the local library (tags read with mutagen, fuzzy search) and per-session playback.

The music agent (`sightline.agents.music`) is the thin layer that turns requests into calls
on these.
"""
