"""Configuration: embedded defaults, overridden by `SIGHTLINE_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

Tier = Literal["edge", "cloud", "auto"]
IN_PROCESS_STORE = "memory"
"""`SIGHTLINE_SESSION_STORE` of a hub that keeps conversations in its own process only."""


def _home(*parts: str) -> Path:
    return Path.home().joinpath(*parts)


class Settings(BaseSettings):
    """Sightline's effective configuration.

    Every field can be set by an environment variable named `SIGHTLINE_` + the field name in
    capitals (for example `SIGHTLINE_LLM_BASE_URL`), or in a `.env` file in the working folder.
    """

    model_config = SettingsConfigDict(
        env_prefix="SIGHTLINE_", env_file=".env", extra="ignore", validate_default=True
    )

    tier: Tier = Field("auto", description="Routing tier: edge, cloud, or auto (edge if sure).")
    edge_confidence: float = Field(
        0.6, ge=0, le=1, description="In auto, edge routes at or above this go without the cloud."
    )
    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint (DashScope compatible mode, vLLM, Ollama…)."
    )
    llm_api_key: SecretStr | None = Field(None, description="API key for the endpoint.")
    llm_model: str = Field("qwen-plus", description="Chat model name at the endpoint.")
    llm_vision: bool = Field(False, description="The chat model accepts images.")
    llm_timeout_s: float = Field(4.0, gt=0, description="Cloud call time-out, seconds.")
    music_dir: Path = Field(
        default_factory=lambda: _home("Music"), description="Folder of the music library."
    )
    cache_dir: Path = Field(
        default_factory=lambda: _home(".cache", "sightline"),
        description="Where indexes and fitted models are cached.",
    )
    map_path: Path | None = Field(
        None, description="OpenStreetMap extract (.osm.pbf) for offline navigation."
    )
    routing_backend: Literal["offline", "osrm", "valhalla", "graphhopper"] = Field(
        "offline", description="Who plans walking routes: the offline map or an HTTP service."
    )
    routing_url: str | None = Field(None, description="Base URL of the routing service.")
    routing_api_key: SecretStr | None = Field(None, description="Routing service key.")
    catalog_path: Path | None = Field(
        None, description="Shopping catalogue (SQLite); cache_dir/catalog.sqlite by default."
    )
    offers_url: str | None = Field(None, description="A merchant offers API (HTTP JSON).")
    offers_api_key: SecretStr | None = Field(None, description="Key for the offers API.")
    flight_status_url: str | None = Field(None, description="A flight status API (HTTP JSON).")
    flight_status_api_key: SecretStr | None = Field(None, description="Its key.")
    booking_url: str | None = Field(None, description="A travel booking API (HTTP JSON).")
    booking_api_key: SecretStr | None = Field(None, description="Its key.")
    ledger_url: str | None = Field(
        None, description="Ledger database URL; an SQLite file in cache_dir by default."
    )
    wallet_currency: str = Field(
        "EUR", pattern=r"^[A-Z]{3}$", description="The wallet's home currency (balance, amounts)."
    )
    contacts_path: Path | None = Field(
        None, description="Contacts to send money to (JSON); cache_dir/contacts.json by default."
    )
    billers_path: Path | None = Field(
        None, description="Billers the wearer pays (JSON); cache_dir/billers.json by default."
    )
    display_profile: str = Field("green-640x480", description="HUD display profile.")
    agents_disabled: list[str] = Field(
        default_factory=list, description="Agent names not to load (JSON list in the env)."
    )
    host: str = Field("127.0.0.1", description="Address `sightline serve` listens on.")
    port: int = Field(8765, ge=1, le=65535, description="Port `sightline serve` listens on.")
    stt_backend: str = Field(
        "whisper",
        min_length=1,
        description="Speech to text: whisper (embedded default: bundled tiny.en, pocketsphinx "
        "alongside), pocketsphinx alone, sensevoice, openai, or a plugin's name "
        "(sightline.speech.backends).",
    )
    stt_companion: Literal["pocketsphinx", "none"] = Field(
        "pocketsphinx",
        description="whisper: pocketsphinx alongside (partials, routing evidence, fallback).",
    )
    stt_cpu_threads: int = Field(2, ge=1, le=64, description="whisper: CTranslate2 threads.")
    stt_context_s: float = Field(
        10.0, ge=1.0, le=30.0, description="whisper: seconds of features the encoder sees."
    )
    stt_beam_size: int = Field(4, ge=1, le=10, description="whisper: beam width (1: greedy).")
    stt_mode: Literal["auto", "domain", "general"] = Field(
        "auto",
        description="pocketsphinx: the agents' command model, the general model, or both (auto).",
    )
    stt_language_weight: float = Field(
        9.5, gt=0, le=30, description="pocketsphinx: trust in the command model against acoustics."
    )
    stt_agent_models: bool = Field(
        True,
        description="pocketsphinx: also decode under each agent's own model, as routing evidence.",
    )
    stt_model: str | None = Field(
        None, description="Model of the STT back-end (a size, a path or an endpoint's model)."
    )
    stt_url: str | None = Field(None, description="OpenAI-compatible transcription endpoint.")
    stt_api_key: SecretStr | None = Field(None, description="Key for the STT endpoint.")
    tts_backend: str = Field(
        "flite",
        min_length=1,
        description="Text to speech: flite (embedded default), espeak-ng, piper, openai, a "
        "plugin's name, or none.",
    )
    tts_voice: str | None = Field(None, description="Voice of the TTS back-end.")
    tts_url: str | None = Field(None, description="OpenAI-compatible speech endpoint.")
    tts_api_key: SecretStr | None = Field(None, description="Key for the TTS endpoint.")
    vad_stop_secs: float = Field(
        0.2, gt=0, le=2, description="Pause after which Smart Turn judges the end of a turn."
    )
    smart_turn: bool = Field(True, description="Use Smart Turn v3 (else every pause ends).")
    noise_suppression: bool = Field(False, description="Clean microphone audio with RNNoise.")
    memory_url: str | None = Field(
        None,
        description="Memory of moments: a postgres URL (pgvector); SQLite in cache_dir by default.",
    )
    memory_retention_days: float = Field(
        30.0, gt=0, description="Remembered moments older than this are deleted."
    )
    proactive_per_hour: int = Field(
        4, ge=0, description="At most this many proactive cards (not asked for) an hour."
    )
    session_grace_s: float = Field(
        120.0, ge=0, description="How long a session outlives its device's connection."
    )
    session_store: str = Field(
        IN_PROCESS_STORE,
        min_length=1,
        description="Where wearers' conversations are kept: memory (this process only) or "
        "redis://host:port/db, shared by hub processes (docs/hub.md); a private Redis.",
    )
    confirm_tap: bool = Field(
        False,
        description="Let a signed temple tap (gaze on Confirm) confirm instead of the spoken"
        " confirm: an accessibility alternative, off by default.",
    )
    mcp_servers: str | None = Field(
        None, description="MCP servers to use as agents: a JSON list (docs/agents.md)."
    )
    mcp_config: Path | None = Field(None, description="A JSON file with the same list.")
    mcp_connect_timeout_s: float = Field(
        10.0, gt=0, description="How long an MCP server may take to start."
    )
    mcp_backoff_s: float = Field(
        1.0, gt=0, description="Wait before restarting a failed MCP server (then doubled)."
    )
    hub_url: str | None = Field(
        None, description="The running hub `sightline mcp` talks to; http://host:port by default."
    )
    # Hostile clients: the hub's admin surface, proxies, browser origins, camera frames
    admin_token: SecretStr | None = Field(
        None, description="Bearer token for /metrics, /docs, /openapi.json (unset: not served)."
    )
    admin_address: str | None = Field(
        None,
        description="host:port serving /metrics, /docs, /openapi.json apart from the devices'.",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses/networks whose X-Forwarded-For is believed (JSON list in the env).",
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Browser Origins allowed on the WebSocket besides the hub's own (JSON list).",
    )
    camera_max_pixels: int = Field(
        12_000_000,
        ge=1,
        description="Largest camera frame, in pixels (the profile's may be lower).",
    )
    perception_workers: int = Field(
        2,
        ge=0,
        le=32,
        description="Worker processes that decode and read camera frames (0: threads in the hub).",
    )
    perception_memory_mb: int = Field(
        1024, ge=16, description="Memory a frame worker may use beyond its models, in MB."
    )

    @property
    def catalog_file(self) -> Path:
        """The shopping catalogue: `catalog_path`, else `catalog.sqlite` in the cache folder."""
        return self.catalog_path or self.cache_dir / "catalog.sqlite"

    @property
    def contacts_file(self) -> Path:
        """The contacts store: `contacts_path`, else `contacts.json` in the cache folder."""
        return self.contacts_path or self.cache_dir / "contacts.json"

    @property
    def billers_file(self) -> Path:
        """The configured billers: `billers_path`, else `billers.json` in the cache folder."""
        return self.billers_path or self.cache_dir / "billers.json"

    @property
    def cloud_configured(self) -> bool:
        """True when a cloud model endpoint is set."""
        return bool(self.llm_base_url)

    def public_view(self) -> dict[str, Any]:
        """The configuration as shown to people: secrets masked, paths as text."""
        shown: dict[str, Any] = {}
        for name, value in self.model_dump().items():
            if isinstance(value, SecretStr):
                shown[name] = _mask(value.get_secret_value())
            elif isinstance(value, Path):
                shown[name] = str(value)
            elif isinstance(value, str):
                shown[name] = _without_password(value)
            else:
                shown[name] = value
        return shown


def reveal(secret: SecretStr | None) -> str | None:
    """The text of an optional secret setting; None when it is unset or blank."""
    text = secret.get_secret_value().strip() if secret is not None else ""
    return text or None


def _without_password(text: str) -> str:
    """A URL's password masked (`redis://:****@host`, a database URL's); other text as is."""
    if "://" not in text:
        return text
    parts = urlsplit(text)
    if not parts.password:
        return text
    user = parts.username or ""
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{user}:****@{host}{port}"))


def _mask(secret: str) -> str:
    if not secret:
        return ""
    return "****" + secret[-4:] if len(secret) > 12 else "****"
