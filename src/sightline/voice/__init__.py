"""The voice pipeline of a session, on Pipecat: noise suppression, turn taking, speech to text,
the turn itself, and speech out, with barge-in."""
