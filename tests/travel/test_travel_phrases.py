"""Flight numbers from speech, edge parsing of travel requests, and booking request reading."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sightline.agents.travel import TravelAgent
from sightline.sdk import EdgeCall, TurnInput
from sightline.travel import (
    Aspect,
    BookingKind,
    FlightNumber,
    aspect_of,
    parse_booking_request,
    parse_flight_number,
    parse_travel,
)
from sightline.travel.flights import normalize_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is LH 400 on time", FlightNumber("LH", "400")),
        ("is BA 117 on time", FlightNumber("BA", "117")),
        ("ba117", FlightNumber("BA", "117")),
        ("LH-0400", FlightNumber("LH", "400")),
        ("U2 1234", FlightNumber("U2", "1234")),
        ("6E 2135", FlightNumber("6E", "2135")),
        ("lh 123a", FlightNumber("LH", "123A")),
        ("check the status of Lufthansa flight 400", FlightNumber("LH", "400")),
        ("is the British Airways 117 late", FlightNumber("BA", "117")),
        ("what time does Qatar Airways 17 land", FlightNumber("QR", "17")),
        ("is flight e k 202 delayed", FlightNumber("EK", "202")),
        ("is AS 3 on time", FlightNumber("AS", "3")),
        ("is my 6am flight still going", None),
        ("is the 10 40 to Madrid leaving on time", None),
        ("is it in 20 minutes", None),
        ("when does my flight board", None),
        ("what gate", None),
        ("gate b12 terminal 2", None),
        ("", None),
    ],
)
def test_flight_numbers(text: str, expected: FlightNumber | None) -> None:
    assert parse_flight_number(text) == expected


def test_flight_number_words() -> None:
    assert str(FlightNumber("LH", "400")) == "LH 400"
    assert FlightNumber("LH", "400").spoken() == "Lufthansa 400"
    assert FlightNumber("ZZ", "1").spoken() == "ZZ 1"
    assert normalize_number("0834 ") == "834" and normalize_number("0123A") == "123A"


@given(st.text(max_size=200))
def test_flight_number_parsing_never_crashes(text: str) -> None:
    found = parse_flight_number(text)
    assert found is None or (len(found.carrier) == 2 and found.number[:1].isdigit())


_DESIGNATOR = st.from_regex(r"[A-Z]{2}|[A-Z][0-9]|[0-9][A-Z]", fullmatch=True)


@settings(max_examples=200)
@given(_DESIGNATOR, st.integers(min_value=1, max_value=9999), st.sampled_from([" ", "", "-"]))
def test_said_flight_numbers_round_trip(carrier: str, number: int, sep: str) -> None:
    if sep == "" and not carrier.isalpha():
        sep = " "  # "U21234" is ambiguous; mixed designators need a separator
    found = parse_flight_number(f"is {carrier}{sep}{number} on time")
    assert found == FlightNumber(carrier, str(number))


@given(st.text(max_size=120))
def test_edge_parse_never_crashes_and_fits_the_schema(text: str) -> None:
    agent = TravelAgent()
    call = agent.parse(TurnInput(text))
    agent.tool_specs()[call.tool].validate(call.arguments)


@pytest.mark.parametrize(
    ("utterance", "call"),
    [
        ("when does my flight board", EdgeCall("flight_status", {})),
        ("what seat am i in", EdgeCall("boarding_pass", {})),
        ("show my boarding pass", EdgeCall("boarding_pass", {})),
        ("is BA 117 on time", EdgeCall("flight_status", {"flight": "BA 117"})),
        ("is LH 400 on time?", EdgeCall("flight_status", {"flight": "LH 400"})),
        ("what gate", EdgeCall("flight_status", {})),
        ("what's my baggage allowance", EdgeCall("boarding_pass", {})),
        ("book a flight to Tokyo", EdgeCall("book", {"request": "book a flight to Tokyo"})),
        ("find me a hotel in Rome", EdgeCall("book", {"request": "find me a hotel in Rome"})),
        ("can i upgrade my seat", EdgeCall("book", {"request": "can i upgrade my seat"})),
        (
            "rebook me on the next flight",
            EdgeCall("book", {"request": "rebook me on the next flight"}),
        ),
    ],
)
def test_edge_parse(utterance: str, call: EdgeCall) -> None:
    agent = TravelAgent()
    assert agent.parse(TurnInput(utterance)) == call
    agent.tool_specs()[call.tool].validate(call.arguments)


def test_every_example_parses_to_a_tool() -> None:
    tools = {parse_travel(example)[0] for example in TravelAgent.examples}
    assert tools == {"boarding_pass", "flight_status", "book"}


@pytest.mark.parametrize(
    ("utterance", "aspect"),
    [
        ("what seat am i in", Aspect.SEAT),
        ("what gate", Aspect.GATE),
        ("when does my flight board", Aspect.BOARDING),
        ("is BA 117 on time", Aspect.ON_TIME),
        ("when does my flight land", Aspect.ARRIVAL),
        ("what time does my flight depart", Aspect.DEPARTURE),
        ("how much luggage can i bring", Aspect.BAGGAGE),
        ("show my boarding pass", Aspect.BOARDING),
        ("track my flight", Aspect.GENERAL),
    ],
)
def test_aspect(utterance: str, aspect: Aspect) -> None:
    assert aspect_of(utterance) == aspect


@pytest.mark.parametrize(
    ("text", "kind", "destination", "origin"),
    [
        ("book a flight to Tokyo", BookingKind.FLIGHT, "Tokyo", None),
        ("book a flight to tokyo", BookingKind.FLIGHT, "Tokyo", None),
        ("find me a hotel in Rome", BookingKind.HOTEL, "Rome", None),
        ("i need a train ticket from Paris to Marseille", BookingKind.TRAIN, "Marseille", "Paris"),
        ("book a train from delhi to jaipur on monday", BookingKind.TRAIN, "Jaipur", "Delhi"),
        ("book a Flixbus to Munich", BookingKind.BUS, "Munich", None),
        ("buy two ferry tickets to Capri", BookingKind.FERRY, "Capri", None),
        ("find me a hotel in new york for two nights", BookingKind.HOTEL, "New York", None),
        ("book me a holiday", BookingKind.OTHER, None, None),
    ],
)
def test_booking_requests(
    text: str, kind: BookingKind, destination: str | None, origin: str | None
) -> None:
    request = parse_booking_request(text)
    assert (request.kind, request.destination, request.origin) == (kind, destination, origin)
    assert request.text == text
