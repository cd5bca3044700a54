"""Flight status: the model, the source interface, and the pass-only and HTTP sources.

A `FlightStatusSource` answers one question: the status of one flight on one day. It declares
what it can know (`capabilities`) so the agent can say plainly what it does not. The HTTP
contract of `HttpFlightStatusSource` is in `docs/travel.md`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Final

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from sightline.errors import SightlineError
from sightline.travel.http import join_url, request_json

FLIGHT_STATUS_UNAVAILABLE: Final = "flight_status_unavailable"


class FlightState(StrEnum):
    """Where a flight is in its day."""

    SCHEDULED = "scheduled"
    ON_TIME = "on_time"
    DELAYED = "delayed"
    BOARDING = "boarding"
    GATE_CLOSED = "gate_closed"
    DEPARTED = "departed"
    LANDED = "landed"
    CANCELLED = "cancelled"
    DIVERTED = "diverted"
    UNKNOWN = "unknown"


class StatusCapability(StrEnum):
    """What a flight status source can tell."""

    LIVE = "live"
    """Live state: on time, delayed, cancelled, boarding…"""
    TIMES = "times"
    """Scheduled and estimated departure (and arrival) times."""
    GATE = "gate"
    TERMINAL = "terminal"
    BOARDING_TIME = "boarding_time"


class FlightStatus(BaseModel):
    """The status of one flight on one day.

    Times carry the departure airport's UTC offset when the source gives one; they are shown
    as they are (airport local time).

    Attributes:
        carrier: Airline designator, e.g. "LH".
        number: Flight number without leading zeros, e.g. "400".
        date: The (local) date of departure.
        state: Where the flight is; UNKNOWN when the source has no live data.
        scheduled_departure: Scheduled departure time.
        estimated_departure: Estimated (or actual) departure time.
        boarding_time: When boarding starts.
        scheduled_arrival: Scheduled arrival time (arrival airport's offset).
        estimated_arrival: Estimated (or actual) arrival time.
        gate: Departure gate.
        terminal: Departure terminal.
        origin: Departure airport (IATA).
        destination: Arrival airport (IATA).
        live: True when the answer comes from live flight data.
        source: The source's name.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    carrier: str
    number: str
    date: date
    state: FlightState = FlightState.UNKNOWN
    scheduled_departure: datetime | None = None
    estimated_departure: datetime | None = None
    boarding_time: datetime | None = None
    scheduled_arrival: datetime | None = None
    estimated_arrival: datetime | None = None
    gate: str | None = None
    terminal: str | None = None
    origin: str | None = None
    destination: str | None = None
    live: bool = False
    source: str = ""

    @field_validator("state", mode="before")
    @classmethod
    def _known_state(cls, value: Any) -> Any:
        if isinstance(value, str):
            key = value.strip().lower().replace(" ", "_").replace("-", "_")
            return key if key in FlightState._value2member_map_ else FlightState.UNKNOWN
        return FlightState.UNKNOWN if value is None else value

    @field_validator("gate", "terminal", "origin", "destination", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        return text or None

    @property
    def delayed(self) -> bool:
        """True when the state says so or the estimate is later than the schedule."""
        if self.state is FlightState.DELAYED:
            return True
        scheduled, estimated = self.scheduled_departure, self.estimated_departure
        if scheduled is None or estimated is None:
            return False
        if (scheduled.tzinfo is None) != (estimated.tzinfo is None):
            return False
        return (estimated - scheduled).total_seconds() >= 5 * 60


class FlightStatusSource(ABC):
    """Where flight status comes from.

    Attributes:
        name: A short name for logs and `Reply.data`.
        capabilities: What it can tell; an empty set means no live data at all.
        uses_network: True when asking it goes over the network.
    """

    name: ClassVar[str]
    capabilities: ClassVar[frozenset[StatusCapability]]
    uses_network: ClassVar[bool] = False

    @abstractmethod
    async def status(self, carrier: str, number: str, day: date) -> FlightStatus | None:
        """Look up one flight.

        Args:
            carrier: Airline designator, e.g. "LH".
            number: Flight number without leading zeros, e.g. "400".
            day: The local date of departure.

        Returns:
            The status, or None when the source does not know the flight.

        Raises:
            SightlineError: (`flight_status_unavailable`) when the source cannot answer.
        """

    @property
    def live(self) -> bool:
        """True when the source has live flight data."""
        return StatusCapability.LIVE in self.capabilities


class PassOnlyStatusSource(FlightStatusSource):
    """The embedded default: no live data; echoes the flight and date (the pass fills the rest)."""

    name = "pass_only"
    capabilities: ClassVar[frozenset[StatusCapability]] = frozenset()

    async def status(self, carrier: str, number: str, day: date) -> FlightStatus | None:
        """Return the flight and date as given, state unknown, `live` False."""
        return FlightStatus(carrier=carrier, number=number, date=day, source=self.name)


class HttpFlightStatusSource(FlightStatusSource):
    """A flight status API over HTTP: `GET {base_url}/status?carrier=&number=&date=`.

    See `docs/travel.md` for the JSON contract.

    Args:
        base_url: The API's base URL.
        api_key: Sent as `Authorization: Bearer <key>` when set.
        timeout_s: Whole-request time-out, seconds.
    """

    name = "http"
    capabilities: ClassVar[frozenset[StatusCapability]] = frozenset(StatusCapability)
    uses_network = True

    def __init__(self, base_url: str, api_key: str | None = None, timeout_s: float = 4.0) -> None:
        self.base_url = base_url
        self.api_key = api_key
        self.timeout_s = timeout_s

    async def status(self, carrier: str, number: str, day: date) -> FlightStatus | None:
        """Ask the API; HTTP 404 means it does not know the flight (None)."""
        code, data = await request_json(
            "GET",
            join_url(self.base_url, "status"),
            api_key=self.api_key,
            timeout_s=self.timeout_s,
            error_code=FLIGHT_STATUS_UNAVAILABLE,
            params={"carrier": carrier, "number": number, "date": day.isoformat()},
            ok_statuses=frozenset({200}),
            passthrough=frozenset({404}),
        )
        if code == 404 or data is None:
            return None
        values = {"carrier": carrier, "number": number, "date": day} | {
            k: v for k, v in data.items() if v is not None and k not in ("live", "source")
        }
        try:
            return FlightStatus.model_validate(values | {"live": True, "source": self.name})
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise SightlineError(
                FLIGHT_STATUS_UNAVAILABLE, f"bad flight status answer: {where}: {first['msg']}"
            ) from exc
