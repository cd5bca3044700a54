"""`sightline bench …` and `sightline router fit`: figures and the router's shipped data."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from sightline.bench.routing import read_labelled, run_routing_benchmark
from sightline.cli.common import console, err_console, fail, load_runtime
from sightline.config import Settings
from sightline.errors import SightlineError
from sightline.router.route import Route
from sightline.sdk.context import TurnInput


def _progress() -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )


def routing(
    data: Path = typer.Option(..., "--data", help="JSON lines with `text` and `agent`."),
    tier: str = typer.Option("edge", "--tier", help="edge, cloud or auto."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object."),
    limit: int = typer.Option(0, "--limit", help="Use only the first N lines (0 = all)."),
    show_confusions: bool = typer.Option(
        False, "--confusions", help="Print the confusion table (true agent × routed agent)."
    ),
) -> None:
    """Measure routing accuracy, macro-F1, per-agent scores and p50/p95 routing time."""
    if tier not in ("edge", "cloud", "auto"):
        raise fail("bad_tier", f"--tier must be edge, cloud or auto, not {tier!r}")
    try:
        rows = read_labelled(data)
    except SightlineError as exc:
        raise fail(exc.code, exc.message) from None
    rows = rows[:limit] if limit > 0 else rows
    runtime = load_runtime(Settings())

    async def route(text: str) -> Route:
        return await runtime.router.route(TurnInput(utterance=text), tier)  # type: ignore[arg-type]

    async def run() -> dict[str, object]:
        await route("warm up")
        with _progress() as bar:
            task = bar.add_task(f"routing ({tier})", total=len(rows))
            return await run_routing_benchmark(
                rows, route, lambda done: bar.update(task, completed=done)
            )

    report = asyncio.run(run())
    table = Table(title=f"Routing, {tier} tier, {data.name}: {report['n']} utterances")
    for column in ("agent", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="right" if column != "agent" else "left")
    per_agent = report["per_agent"]
    assert isinstance(per_agent, dict)
    for agent, s in per_agent.items():
        table.add_row(
            agent,
            f"{s['precision']:.3f}",
            f"{s['recall']:.3f}",
            f"{s['f1']:.3f}",
            str(s["support"]),
        )
    console.print(table)
    if show_confusions:
        table_data = report["confusions"]
        assert isinstance(table_data, dict)
        console.print(confusion_table(table_data))
    console.print(
        f"accuracy {report['accuracy']:.4f} · macro-F1 {report['macro_f1']:.4f} · "
        f"p50 {report['p50_ms']} ms · p95 {report['p95_ms']} ms · tiers {report['tiers']}"
    )
    if as_json:
        typer.echo(json.dumps(report))


def confusion_table(confusions: dict[str, dict[str, int]]) -> Table:
    """The confusion table: one row per true agent, one column per routed agent."""
    routed = sorted({p for row in confusions.values() for p in row})
    table = Table(title="Confusions (rows: true agent, columns: routed to)")
    table.add_column("true \\ routed")
    for name in routed:
        table.add_column(name, justify="right")
    for truth, row in confusions.items():
        table.add_row(truth, *(str(row.get(name, 0)) for name in routed))
    return table


def scan(
    data: Path = typer.Option(..., "--data", help="Folders of N.png + N.txt (expected text)."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object."),
) -> None:
    """Measure code decoding against plain zxing-cpp: rate per folder, false positives on
    code-free frames, p50/p95 time per frame."""
    from sightline.bench.scan import run_scan_benchmark

    if not data.is_dir():
        raise fail("bad_data", f"no such folder: {data}")
    with _progress() as bar:
        task = bar.add_task("decoding", total=None)
        report = run_scan_benchmark(
            data, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    table = Table(title=f"Code scanning, {data}: ours and plain zxing-cpp")
    columns = ("folder", "frames", "ours", "rate", "zxing-cpp", "rate ", "negatives", "false +")
    for column in columns:
        table.add_column(column, justify="left" if column == "folder" else "right")
    for folder, row in report["per_folder"].items():
        flag = "  REGRESSION" if row["regression"] else ""
        table.add_row(
            folder + flag, str(row["n"]), str(row["decoded"]), f"{row['rate']:.3f}",
            str(row["plain_decoded"]), f"{row['plain_rate']:.3f}", str(row["negatives"]),
            f"{row['false_positives']} ({row['plain_false_positives']})",
        )  # fmt: skip
    console.print(table)
    console.print(
        f"overall ours {report['decoded']}/{report['n']} ({report['rate']:.3f}) · zxing-cpp "
        f"{report['plain_decoded']}/{report['n']} ({report['plain_rate']:.3f}) · false positives "
        f"{report['false_positives']} (zxing-cpp {report['plain_false_positives']}) on "
        f"{report['negatives']} code-free frames · ms per frame, wall p50/p95 (one core's "
        f"processor time p50/p95): ours {report['p50_ms']}/{report['p95_ms']} "
        f"({report['p50_cpu_ms']}/{report['p95_cpu_ms']}) · zxing-cpp "
        f"{report['plain_p50_ms']}/{report['plain_p95_ms']} "
        f"({report['plain_p50_cpu_ms']}/{report['plain_p95_cpu_ms']})"
    )
    for folder in report["regressions"]:
        console.print(f"regression: {folder} decodes fewer codes than plain zxing-cpp")
    if as_json:
        typer.echo(json.dumps(report))


def nav(
    map_path: Path = typer.Option(..., "--map", help="OpenStreetMap extract (.osm.pbf)."),
    pairs: int = typer.Option(200, "--pairs", help="Random origin/destination pairs to route."),
    seed: int = typer.Option(0, "--seed", help="Seed for the random pairs."),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object."),
) -> None:
    """Measure map load (first and cached), place search and routing times; check every route."""
    import tempfile

    from sightline.bench.nav import run_nav_benchmark

    if not map_path.is_file():
        raise fail("bad_map", f"no such map file: {map_path}")
    with tempfile.TemporaryDirectory(prefix="sightline-nav-") as cache, _progress() as bar:
        task = bar.add_task("map benchmark", total=None)
        report = run_nav_benchmark(
            map_path, Path(cache), pairs=pairs, seed=seed,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )  # fmt: skip
    table = Table(title=f"Navigation, {map_path.name}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in report.items():
        table.add_row(key, str(value))
    console.print(table)
    if as_json:
        typer.echo(json.dumps(report))


def fit_router(
    data: Path = typer.Option(..., "--data", help="Labelled JSON lines (text, agent, fold)."),
    folds: str = typer.Option("1-9", "--folds", help="Folds to learn from, e.g. 1-9 or 1,2,3."),
    out: Path = typer.Option(
        Path("src/sightline/router/data"), "--out", help="Folder for the shipped files."
    ),
) -> None:
    """Embed the built-in agents' examples and a labelled corpus; fit and save the edge head."""
    from sightline.router.training import build_shipped_router

    try:
        wanted = _parse_folds(folds)
    except ValueError:
        raise fail("bad_folds", f"--folds wants e.g. 1-9 or 1,3,5, not {folds!r}") from None
    with _progress() as bar:
        task = bar.add_task("embedding", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = build_shipped_router(data, wanted, out, progress)
    console.print(summary)


def evaluate_router(
    public: list[str] = typer.Option(
        ...,
        "--public",
        help="NAME=FILE: a published labelled set (JSON lines, `text` and `agent`); repeatable.",
    ),
    own: list[str] = typer.Option(
        [], "--own", help="NAME=FILE: a labelled set written by us (repeatable)."
    ),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object."),
) -> None:
    """Leave-one-source-out: fit on all sources but one, route the held-out one, per threshold.

    The sources are the files given plus our agents' examples and our general-request corpus
    (with the counter-examples). Nothing is written; the shipped head is not touched.
    """
    from sightline.bench.routing_sources import leave_one_source_out, own_sources, read_source
    from sightline.router.corpus import general_requests
    from sightline.router.edge import MIN_CONFIDENCE

    runtime = load_runtime(Settings())
    agents = runtime.registry.agents
    store = runtime.router.edge.classifier.store
    sources = []
    for spec, is_public in [*((p, True) for p in public), *((o, False) for o in own)]:
        name, sep, path = spec.partition("=")
        if not sep or not Path(path).is_file():
            raise fail("bad_source", f"expected NAME=FILE with an existing file, not {spec!r}")
        sources.append(read_source(name, Path(path), list(agents), is_public))
    sources += own_sources(agents, general_requests())
    with err_console.status("fitting and routing, one source held out at a time…") as status:
        report = leave_one_source_out(
            sources, agents, store, lambda name: status.update(f"holding out {name}…")
        )
    chosen = str(MIN_CONFIDENCE)
    for name, result in report.items():
        table = Table(
            title=f"held out: {name} ({'public' if result['public'] else 'ours'}, "
            f"{result['n']} rows), fitted on {', '.join(result['train_sources'])}; "
            f"threshold {chosen}; ECE {result['calibration']['ece']}"
        )
        for column in ("agent", "precision", "recall", "F1", "support"):
            table.add_column(column, justify="right" if column != "agent" else "left")
        scored = result["by_threshold"][chosen]
        for agent, s in scored["per_agent"].items():
            table.add_row(
                agent, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                str(s["support"]),
            )  # fmt: skip
        console.print(table)
        sweep = " · ".join(f"{t}: {r['macro_f1']:.3f}" for t, r in result["by_threshold"].items())
        console.print(f"macro-F1 {scored['macro_f1']:.4f}; by threshold {sweep}")
    if as_json:
        typer.echo(json.dumps(report))


def _parse_folds(text: str) -> set[int]:
    folds: set[int] = set()
    for part in text.split(","):
        low, _, high = part.partition("-")
        folds.update(range(int(low), int(high or low) + 1))
    return folds
