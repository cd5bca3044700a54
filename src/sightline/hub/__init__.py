"""The hub server: the glasses' WebSocket endpoint and one session per connected device."""
