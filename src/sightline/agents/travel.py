"""The travel agent: the boarding pass in view, flight status, and booking with confirmation."""

from __future__ import annotations

import logging
from datetime import date

from sightline.agents import builtin_counter_examples, builtin_examples
from sightline.codes import BcbpError, BoardingPass, parse_bcbp
from sightline.config import reveal
from sightline.errors import SightlineError
from sightline.sdk import (
    Agent,
    AgentServices,
    ConfirmRequest,
    EdgeCall,
    Permission,
    Reply,
    ToolContext,
    TurnInput,
    tool,
)
from sightline.travel.boarding import current_leg, find_boarding_pass, leg_for
from sightline.travel.booking import BookingProvider, HttpBookingProvider
from sightline.travel.desk import BookingDesk, Clock, system_clock
from sightline.travel.flights import FlightNumber, flight_of, parse_flight_number
from sightline.travel.phrases import aspect_of, parse_travel
from sightline.travel.replies import no_pass_reply, pass_error_reply, pass_reply, which_flight_reply
from sightline.travel.status import (
    FlightStatus,
    FlightStatusSource,
    HttpFlightStatusSource,
    PassOnlyStatusSource,
)
from sightline.travel.status_replies import not_found_reply, status_problem_reply, status_reply

log = logging.getLogger(__name__)
_PASS_KEY = "boarding_pass"
"""The state key of the pass seen last: its BCBP text (JSON), parsed again when needed."""


class TravelAgent(Agent):
    """Boarding passes, flight status and booking travel.

    Args:
        status_source: Where flight status comes from; the pass alone by default.
        booking: The booking provider; None when none is configured.
        clock: The current time, timezone-aware (injectable for tests).
    """

    name = "travel"
    description = (
        "The boarding pass in view (flight, seat, date), flight status (boarding time, gate, "
        "delays), and booking flights, hotels, trains, buses and ferries."
    )
    permissions = frozenset({Permission.CAMERA, Permission.NETWORK})
    examples = builtin_examples("travel")
    counter_examples = builtin_counter_examples("travel")

    def __init__(
        self,
        status_source: FlightStatusSource | None = None,
        booking: BookingProvider | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self.status_source = status_source or PassOnlyStatusSource()
        self.clock = clock
        self.desk = BookingDesk(booking, clock, agent=self.name)

    @classmethod
    def create(cls, services: AgentServices) -> TravelAgent:
        """Build from `flight_status_url`/`_api_key` and `booking_url`/`_api_key` if set."""
        settings = services.settings
        status_url = (settings.flight_status_url or "").strip() or None
        booking_url = (settings.booking_url or "").strip() or None
        source = (
            HttpFlightStatusSource(status_url, reveal(settings.flight_status_api_key))
            if status_url
            else None
        )
        booking = (
            HttpBookingProvider(booking_url, reveal(settings.booking_api_key))
            if booking_url
            else None
        )
        return cls(source, booking)

    def parse(self, turn: TurnInput) -> EdgeCall:
        """Pick the tool from the utterance and read a spoken flight number."""
        tool_name, arguments = parse_travel(turn.utterance)
        return EdgeCall(tool_name, arguments)

    def _today(self) -> date:
        return self.clock().date()

    @tool(examples=("show my boarding pass", "what seat am i in", "pull up my boarding pass"))
    async def boarding_pass(self, ctx: ToolContext) -> Reply:
        """Show the boarding pass the wearer is looking at: flight, route, date, seat, sequence
        number and class, with boarding time and gate when the flight status source knows them.
        """
        today = self._today()
        seen = find_boarding_pass(ctx.scene)
        if seen.boarding_pass is None:
            return (
                no_pass_reply() if seen.error is None else pass_error_reply(seen.error, seen.item)
            )
        boarding_pass = seen.boarding_pass
        ctx.state[_PASS_KEY] = boarding_pass.data
        current = current_leg(boarding_pass, today)
        leg = boarding_pass.legs[current]
        status: FlightStatus | None = None
        if self.status_source.live:
            try:
                status = await self._status(ctx, flight_of(leg), leg.flight_date(today))
            except SightlineError as exc:
                log.warning("flight status for the pass failed: %s", exc)
        return pass_reply(boarding_pass, today, current, status, aspect_of(ctx.utterance))

    @tool(examples=("when does my flight board", "is LH 400 on time", "what gate is my flight"))
    async def flight_status(self, ctx: ToolContext, flight: str = "") -> Reply:
        """Flight status: boarding time, gate, terminal, delays and departure time.

        Args:
            flight: The flight number as said ("LH 400", "BA117", "Lufthansa 400"); empty for
                the flight on the boarding pass in view (or seen earlier in the session).
        """
        today = self._today()
        boarding_pass = self._known_pass(ctx)
        target = parse_flight_number(flight) or (
            None if flight.strip() else parse_flight_number(ctx.utterance)
        )
        if target is None and flight.strip():
            return which_flight_reply(flight.strip())
        leg = None
        if boarding_pass is not None:
            index = (
                current_leg(boarding_pass, today)
                if target is None
                else leg_for(boarding_pass, target)
            )
            leg = boarding_pass.legs[index] if index is not None else None
            target = target or (flight_of(leg) if leg else None)
        if target is None:
            return which_flight_reply()
        day = leg.flight_date(today) if leg else today
        try:
            status = await self._status(ctx, target, day)
        except SightlineError as exc:
            log.warning("flight status for %s failed: %s", target, exc)
            return status_problem_reply(target, exc, leg, day, today)
        if status is None:
            return not_found_reply(target, leg, day, today)
        return status_reply(target, status, leg, today, aspect_of(ctx.utterance))

    @tool(examples=("book a flight to Tokyo", "find me a hotel in Rome", "book a train to Lyon"))
    async def book(self, ctx: ToolContext, request: str) -> Reply:
        """Find a flight, hotel, train, bus or ferry to book. Nothing is booked here: the offer
        is shown with Confirm and Cancel, and only the wearer's own confirmation books it.

        Args:
            request: What to book, in the wearer's words ("a flight to Tokyo on Friday").
        """
        if self.desk.provider is not None:
            ctx.require(Permission.NETWORK)
        return await self.desk.request(ctx.state, request)

    async def confirm_booking(self, ctx: ToolContext, ref: str) -> Reply:
        """Book the offer awaiting confirmation. Not a tool: only the confirmation gate reaches it
        (through `on_confirmed`, after the wearer's device input), never the cloud model.

        Args:
            ctx: The agent's context in the wearer's session.
            ref: The `ref` from the `awaiting_confirmation` follow-up's data.

        Returns:
            The booking's card, or a card saying why nothing was booked.
        """
        ctx.require(Permission.NETWORK)
        return await self.desk.confirm(ctx.state, ref)

    async def cancel_booking(self, ctx: ToolContext, ref: str) -> Reply:
        """Drop the offer awaiting confirmation (the "Cancel" action). Not a tool.

        Args:
            ctx: The agent's context in the wearer's session.
            ref: The `ref` from the follow-up's data.

        Returns:
            A card saying nothing was booked.
        """
        return self.desk.cancel(ctx.state, ref)

    async def on_confirmed(
        self, ctx: ToolContext, request: ConfirmRequest, reference: str | None
    ) -> Reply:
        """The confirmation gate authorised the booking: book it. Not a tool."""
        del reference
        return await self.confirm_booking(ctx, request.ref)

    async def on_cancelled(self, ctx: ToolContext, request: ConfirmRequest, reason: str) -> Reply:
        """The booking was not confirmed: drop the offer. Not a tool."""
        del reason
        return await self.cancel_booking(ctx, request.ref)

    def _known_pass(self, ctx: ToolContext) -> BoardingPass | None:
        """The pass in view (remembered for later turns), else the one seen earlier."""
        seen = find_boarding_pass(ctx.scene).boarding_pass
        if seen is not None:
            ctx.state[_PASS_KEY] = seen.data
            return seen
        remembered = ctx.state.get(_PASS_KEY)
        if not isinstance(remembered, str):
            return None
        try:
            return parse_bcbp(remembered)
        except BcbpError as exc:
            log.warning("remembered boarding pass no longer parses: %s", exc)
            ctx.state.pop(_PASS_KEY, None)
            return None

    async def _status(
        self, ctx: ToolContext, flight: FlightNumber, day: date
    ) -> FlightStatus | None:
        if self.status_source.uses_network:
            ctx.require(Permission.NETWORK)
        return await self.status_source.status(flight.carrier, flight.number, day)
