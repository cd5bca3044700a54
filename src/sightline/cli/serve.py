"""`sightline serve`: the hub for glasses, phone apps and the browser simulator."""

from __future__ import annotations

import sys

import typer

from sightline.cli.common import err_console, fail, load_runtime
from sightline.config import Settings, reveal
from sightline.errors import SightlineError


def quiet_pipecat(verbose: bool) -> None:
    """Pipecat logs every frame decision at DEBUG through loguru; keep warnings only."""
    from loguru import logger

    logger.remove()
    logger.add(sys.stderr, level="INFO" if verbose else "WARNING")


def serve(
    host: str | None = typer.Option(None, "--host", help="Address to listen on."),
    port: int | None = typer.Option(None, "--port", help="Port to listen on."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log sessions and turns."),
) -> None:
    """Run the hub: the glasses WebSocket (/v1/glasses), /healthz, /metrics, /agents."""
    import uvicorn

    from sightline.hub.address_file import noted_address
    from sightline.hub.admin_app import AdminServer, create_admin_app, parse_address
    from sightline.hub.auth import DeviceAuth
    from sightline.hub.hub import Hub, HubOptions
    from sightline.hub.server import SERVER_OPTIONS, create_app
    from sightline.hub.speech import agent_examples, build_speech
    from sightline.hub.stores import open_store
    from sightline.pairing import open_registry
    from sightline.voice.pipeline import VoiceOptions

    quiet_pipecat(verbose)
    settings = Settings()
    host = host or settings.host
    port = port or settings.port
    runtime = load_runtime(settings)
    try:
        speech = build_speech(settings, agent_examples(runtime.registry))
        store = open_store(settings.session_store, settings.session_grace_s)
    except SightlineError as error:
        raise fail(error.code, error.message) from None
    voice = VoiceOptions(
        vad_stop_secs=settings.vad_stop_secs,
        smart_turn=settings.smart_turn,
        noise_suppression=settings.noise_suppression,
    )
    registry = open_registry(settings)
    auth = DeviceAuth(registry)
    hub = Hub(
        runtime,
        speech,
        HubOptions(
            grace_s=settings.session_grace_s,
            voice=voice,
            admin_token=reveal(settings.admin_token),
            trusted_proxies=tuple(settings.trusted_proxies),
            allowed_origins=tuple(settings.allowed_origins),
        ),
        authenticate=auth.authenticate,
        watch_token=auth.watch,
        device_key=lambda hello: registry.confirm_key(hello.token, hello.device_id),
        store=store,
    )
    err_console.print(
        f"[bold green]Sightline hub[/] on http://{host}:{port}\n"
        f"  simulator: http://{host}:{port}/  (pair a device: sightline pair)\n"
        f"  glasses:   ws://{host}:{port}/v1/glasses"
    )
    log_level = "info" if verbose else "warning"
    app = create_app(hub, registry, admin_elsewhere=settings.admin_address is not None)
    admin = None
    if settings.admin_address is not None:
        try:
            admin_host, admin_port = parse_address(settings.admin_address)
        except SightlineError as error:
            raise fail(error.code, error.message) from None
        admin = AdminServer(create_admin_app(hub, app), admin_host, admin_port, log_level)
        err_console.print(f"  admin:     http://{admin_host}:{admin_port}/metrics")
        admin.start()
    try:
        with noted_address(settings.cache_dir, host, port):
            uvicorn.run(app, host=host, port=port, log_level=log_level, **SERVER_OPTIONS)
    finally:
        if admin is not None:
            admin.stop()
