"""The music agent: a local library and per-session playback."""
