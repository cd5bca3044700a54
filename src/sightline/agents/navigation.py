"""The navigation agent: walking directions, distances and "where am I" on an offline map."""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path
from typing import Any

from sightline.agents import builtin_counter_examples, builtin_examples
from sightline.config import reveal
from sightline.errors import SightlineError
from sightline.navigation import (
    NavMap,
    NoRoute,
    Place,
    Trip,
    find_destination,
    load_map,
    trip_to,
)
from sightline.navigation.geo import LatLon
from sightline.navigation.guidance import (
    GuidanceEvent,
    GuidancePlan,
    GuidanceSession,
    plan_from_route,
)
from sightline.navigation.phrases import parse_request
from sightline.navigation.presets import preset_places
from sightline.navigation.remote import RemoteRouter, remote_router
from sightline.navigation.replies import distance_reply, problem_reply, route_reply, where_reply
from sightline.navigation.whereabouts import where_am_i
from sightline.sdk import (
    Agent,
    AgentServices,
    EdgeCall,
    Permission,
    Reply,
    ToolContext,
    TurnInput,
    tool,
)

log = logging.getLogger(__name__)


class NavigationAgent(Agent):
    """Walking directions, distances and where you are, from an offline OpenStreetMap extract.

    Args:
        map_path: The `.osm.pbf` extract; None when no map is configured.
        cache_dir: Where the loaded map is cached between starts.
    """

    name = "navigation"
    description = (
        "Walking directions to a named place or the nearest of a kind (pharmacy, cafe, ATM…), "
        "how far a place is on foot, and where the wearer is."
    )
    permissions = frozenset({Permission.LOCATION})
    examples = builtin_examples("navigation")
    counter_examples = builtin_counter_examples("navigation")

    def __init__(
        self,
        map_path: Path | None,
        cache_dir: Path | None = None,
        planner: RemoteRouter | None = None,
    ) -> None:
        self.map_path = map_path
        self.cache_dir = cache_dir
        self.planner = planner
        self._map: NavMap | None = None
        self._lock = threading.Lock()

    @classmethod
    def create(cls, services: AgentServices) -> NavigationAgent:
        """Build from `map_path` and `cache_dir` in the settings."""
        settings = services.settings
        map_path = settings.map_path
        planner = None
        if settings.routing_backend != "offline" and settings.routing_url:
            planner = remote_router(
                settings.routing_backend, settings.routing_url, reveal(settings.routing_api_key)
            )
        return cls(map_path, Path(settings.cache_dir) / "navigation", planner)

    def _load(self) -> NavMap:
        with self._lock:
            if self._map is None:
                assert self.map_path is not None
                self._map = load_map(self.map_path, self.cache_dir)
            return self._map

    async def nav_map(self) -> NavMap:
        """The map, loaded on first use in a worker thread, once per agent.

        Raises:
            FileNotFoundError: No map is configured, or the file is missing.
        """
        if self._map is not None:
            return self._map
        if self.map_path is None:
            raise FileNotFoundError("no map configured")
        return await asyncio.to_thread(self._load)

    def parse(self, turn: TurnInput) -> EdgeCall:
        """Read the tool and the destination ("take me to the nearest pharmacy")."""
        request = parse_request(turn.utterance)
        return EdgeCall(request.tool, dict(request.arguments))

    @tool(
        examples=(
            "take me to the nearest pharmacy",
            "how do i get to the casino",
            "directions to the train station",
            "navigate to the oceanographic museum",
        )
    )
    async def route_to(self, ctx: ToolContext, destination: str) -> Reply:
        """Walking directions from where the wearer is to a place.

        Args:
            destination: A place name ("the oceanographic museum", "Rue Grimaldi") or a kind of
                place, optionally with "nearest" ("nearest pharmacy", "a cafe", "bus stop").
        """
        found = await self._trip(ctx, destination)
        if not isinstance(found, Trip):
            return found
        name = found.place.name or destination
        plan = plan_from_route(found.route, name)
        if self.planner is not None:
            here, there = found.route.coords[0], (found.place.lat, found.place.lon)
            try:
                plan = await asyncio.to_thread(self.planner.walking_plan, here, there, name)
            except SightlineError as exc:
                log.warning(
                    "%s routing failed, using the offline route: %s", self.planner.name, exc
                )
        ctx.state["guidance"] = GuidanceSession(plan).to_json()
        ctx.state["destination"] = found.place.to_json()
        return route_reply(found)

    async def follow(self, ctx: ToolContext, fix: LatLon, at: float) -> list[GuidanceEvent]:
        """Feed a location update to the guidance started by `route_to`, rerouting when asked.

        Args:
            ctx: The agent's context in the wearer's session.
            fix: The new position.
            at: Its time in wall-clock seconds (`time.time()`), so that guidance saved in one
                hub process carries on in another.

        Returns:
            What to show and say; empty when no guidance is running.
        """
        session = _saved_guidance(ctx.state)
        if session is None or session.arrived:
            return []
        try:
            return await self._follow(ctx, session, fix, at)
        finally:
            ctx.state["guidance"] = session.to_json()

    async def _follow(
        self, ctx: ToolContext, session: GuidanceSession, fix: LatLon, at: float
    ) -> list[GuidanceEvent]:
        events = session.update((fix.lat, fix.lon), at)
        reroute = next((e for e in events if e.kind == "reroute" and e.origin), None)
        nav = self._map
        if reroute is not None and reroute.origin is not None and nav is not None:
            place = Place.from_json(ctx.state["destination"])
            name = session.plan.destination
            plan: GuidancePlan | None = None
            if self.planner is not None:
                try:
                    plan = await asyncio.to_thread(
                        self.planner.walking_plan, reroute.origin, (place.lat, place.lon), name
                    )
                except SightlineError as exc:
                    log.warning("%s rerouting failed: %s", self.planner.name, exc)
            if plan is None:
                trip = await asyncio.to_thread(trip_to, nav, LatLon(*reroute.origin), place)
                plan = plan_from_route(trip.route, name)
            session.replace_plan(plan)
            events += session.update(reroute.origin, at)
        return events

    async def location_presets(self) -> list[dict[str, Any]]:
        """One named place of each preset kind near the middle of the map ([] without a map)."""
        if self.map_path is None:
            return []
        return preset_places(await self.nav_map())

    async def on_location(self, ctx: ToolContext, at: float) -> Reply | None:
        """Live guidance: the guidance card and words for the new fix (None: nothing new, or
        no guidance running)."""
        here = ctx.location
        if here is None or "guidance" not in ctx.state:
            return None
        events = await self.follow(ctx, LatLon(here.lat, here.lon), at)
        cards = [e.card for e in events if e.card is not None]
        words = " ".join(e.text for e in events if e.text)
        if cards:
            return Reply(card=cards[-1], speech=words)
        return Reply.simple("Navigation", words, speech=words) if words else None

    @tool(
        examples=(
            "how far is the oceanographic museum",
            "how far is the nearest atm",
            "what's the distance to the casino",
        )
    )
    async def distance_to(self, ctx: ToolContext, destination: str) -> Reply:
        """How far a place is on foot (and in a straight line) from where the wearer is.

        Args:
            destination: A place name or a kind of place, as for route_to.
        """
        found = await self._trip(ctx, destination)
        return distance_reply(found) if isinstance(found, Trip) else found

    @tool(examples=("where am i", "what street is this", "what's my location"))
    async def where_am_i(self, ctx: ToolContext) -> Reply:
        """Say where the wearer is: the street, the district and a landmark nearby."""
        ready = await self._ready(ctx)
        if isinstance(ready, Reply):
            return ready
        nav, here = ready
        found = await asyncio.to_thread(where_am_i, nav, here.lat, here.lon)
        return where_reply(found, here.lat, here.lon)

    async def _ready(self, ctx: ToolContext) -> tuple[NavMap, LatLon] | Reply:
        if self.map_path is None:
            return problem_reply(
                "No map installed",
                "Set SIGHTLINE_MAP_PATH to an OpenStreetMap extract (.osm.pbf).",
                "Navigation needs a map, and none is installed.",
                "no_map",
            )
        location = ctx.location
        if location is None:
            return problem_reply(
                "Location unknown",
                "I can't tell where you are right now.",
                "I don't know where you are yet.",
                "no_location",
            )
        try:
            nav = await self.nav_map()
        except Exception as exc:  # a missing or unreadable map is a card, never a crash
            log.warning("navigation map %s not loaded: %s", self.map_path, exc)
            return problem_reply(
                "Map unavailable",
                f"Could not read {self.map_path}.",
                "I couldn't open the map.",
                "map_unavailable",
            )
        return nav, LatLon(location.lat, location.lon)

    async def _trip(self, ctx: ToolContext, destination: str) -> Trip | Reply:
        ready = await self._ready(ctx)
        if isinstance(ready, Reply):
            return ready
        nav, here = ready
        try:
            found = await asyncio.to_thread(find_destination, nav, destination, here)
        except NoRoute:
            return problem_reply(
                "No walking route",
                f"No path on foot to “{destination}”.",
                f"I can't find a walking route to {destination}.",
                "no_route",
            )
        if found is None:
            return problem_reply(
                "Place not found",
                f"“{destination}” is not on the map.",
                f"I couldn't find {destination} on the map.",
                "not_found",
            )
        return found


def _saved_guidance(state: dict[str, Any]) -> GuidanceSession | None:
    """The guidance kept (as JSON) in the session state, None when there is none."""
    saved = state.get("guidance")
    if not isinstance(saved, dict):
        return None
    try:
        return GuidanceSession.from_json(saved)
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("saved guidance unreadable, dropped: %s", exc)
        state.pop("guidance", None)
        return None
