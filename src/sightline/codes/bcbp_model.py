"""The result model of the BCBP parser and the helpers that turn its Julian days into dates.

Field names mirror the dev vectors (`bcbp_dev.jsonl`): `Leg.model_dump(by_alias=True)` uses
`from` for the origin airport, which is a Python keyword and so is `from_` as an attribute.
Every value is trimmed of its padding (blank means None); the untrimmed slices of the input
are kept in `raw_fields`, keyed by the same names.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from sightline.codes.errors import BcbpError


class Leg(BaseModel):
    """One flight segment of a boarding pass.

    Attributes:
        pnr: Operating carrier PNR code (booking reference).
        from_: From city airport code (IATA); dumped by alias as `from`.
        to: To city airport code (IATA).
        carrier: Operating carrier designator.
        flight: Flight number as printed, e.g. "0834" or "0123A".
        julian_date: Date of flight as day of the year (1–366); see `flight_date`.
        compartment: Compartment code, e.g. "Y" (None when blank).
        seat: Seat number, e.g. "001A" (None when blank, e.g. before seat assignment).
        sequence: Check-in sequence number (None when blank).
        passenger_status: Passenger status code.
        airline_numeric_code: Ticketing airline numeric code, e.g. "014".
        document_serial_number: Document form/serial number (ticket number without airline).
        selectee_indicator: Selectee indicator.
        international_document_verification: International documentation verification.
        marketing_carrier: Marketing carrier designator.
        frequent_flyer_airline: Frequent flyer airline designator.
        frequent_flyer_number: Frequent flyer number.
        id_ad_indicator: ID/AD indicator (industry discount).
        free_baggage_allowance: Free baggage allowance, e.g. "20K" or "2PC".
        fast_track: True for "Y", False for "N", None when blank or absent.
        airline_individual_use: The airline's private data for this leg, kept opaque
            (only trailing padding removed).
        raw_fields: Untrimmed input slices by field name, plus `variable_size_field` (the
            whole variable part of the leg) and `repeated_conditional` (its structured part).
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    pnr: str
    from_: str = Field(alias="from")
    to: str
    carrier: str
    flight: str
    julian_date: int
    compartment: str | None = None
    seat: str | None = None
    sequence: str | None = None
    passenger_status: str | None = None
    airline_numeric_code: str | None = None
    document_serial_number: str | None = None
    selectee_indicator: str | None = None
    international_document_verification: str | None = None
    marketing_carrier: str | None = None
    frequent_flyer_airline: str | None = None
    frequent_flyer_number: str | None = None
    id_ad_indicator: str | None = None
    free_baggage_allowance: str | None = None
    fast_track: bool | None = None
    airline_individual_use: str | None = None
    raw_fields: dict[str, str] = Field(default_factory=dict)

    def flight_date(self, reference: date) -> date:
        """Return the date of flight nearest to `reference` (see `julian_to_date`)."""
        return julian_to_date(self.julian_date, reference)


class BoardingPass(BaseModel):
    """A parsed IATA BCBP (Resolution 792, format "M") boarding pass.

    Attributes:
        data: The input string, unchanged.
        format_code: Always "M".
        number_of_legs: Number of legs encoded (1–4).
        passenger_name: "SURNAME/GIVEN NAMES" as encoded.
        electronic_ticket_indicator: The raw indicator ("E" for an electronic ticket).
        electronic_ticket: True when the indicator is "E".
        legs: The flight segments, in order.
        version_number: BCBP version number (None when no conditional section).
        passenger_description: Passenger description (adult, child, ...).
        source_of_check_in: Source of check-in.
        source_of_boarding_pass_issuance: Source of boarding pass issuance.
        date_of_issue: Date of issue, "YDDD" (last digit of year and day of year).
        document_type: "B" boarding pass or "I" itinerary receipt.
        boarding_pass_issuer: Airline designator of the boarding pass issuer.
        baggage_tag_numbers: Baggage tag licence plate number(s).
        first_non_consecutive_baggage_tags: First non-consecutive baggage tag number(s).
        second_non_consecutive_baggage_tags: Second non-consecutive baggage tag number(s).
        security_data_type: Type of security data (None when no security section).
        security_data: The security data (signature), exactly as encoded.
        raw_fields: Untrimmed input slices of the pass-level fields by name, plus
            `unique_conditional` (the whole unique conditional section when present).
    """

    model_config = ConfigDict(frozen=True)

    data: str
    format_code: str
    number_of_legs: int
    passenger_name: str
    electronic_ticket_indicator: str
    electronic_ticket: bool
    legs: tuple[Leg, ...]
    version_number: str | None = None
    passenger_description: str | None = None
    source_of_check_in: str | None = None
    source_of_boarding_pass_issuance: str | None = None
    date_of_issue: str | None = None
    document_type: str | None = None
    boarding_pass_issuer: str | None = None
    baggage_tag_numbers: str | None = None
    first_non_consecutive_baggage_tags: str | None = None
    second_non_consecutive_baggage_tags: str | None = None
    security_data_type: str | None = None
    security_data: str | None = None
    raw_fields: dict[str, str] = Field(default_factory=dict)

    def issue_date(self, reference: date) -> date | None:
        """Return the date of issue nearest to `reference`, None when not encoded."""
        if self.date_of_issue is None:
            return None
        return issue_to_date(self.date_of_issue, reference)


def _nearest(day_of_year: int, years: Iterable[int], reference: date) -> date:
    """Return the date with `day_of_year` in one of `years` that is nearest to `reference`."""
    best: date | None = None
    for year in years:
        if not 1 <= year <= 9999 or day_of_year > (366 if calendar.isleap(year) else 365):
            continue
        candidate = date(year, 1, 1) + timedelta(days=day_of_year - 1)
        if best is None or abs(candidate - reference) < abs(best - reference):
            best = candidate
    if best is None:
        raise BcbpError(f"no year near {reference.isoformat()} has a day {day_of_year}")
    return best


def julian_to_date(julian_day: int, reference: date) -> date:
    """Convert a BCBP date of flight (day of the year) to the nearest such date.

    The pass carries no year, so the flight is taken to be on the date with that day of the
    year nearest to `reference` (usually today): day 3 read on 30 December is 3 January of
    the next year. Day 366 only exists in leap years.

    Args:
        julian_day: Day of the year, 1–366.
        reference: The date to be nearest to.

    Returns:
        The nearest date whose day of the year is `julian_day`.

    Raises:
        BcbpError: If `julian_day` is outside 1–366.
    """
    if not 1 <= julian_day <= 366:
        raise BcbpError(f"day of year {julian_day} is outside 1–366")
    return _nearest(julian_day, range(reference.year - 4, reference.year + 5), reference)


def issue_to_date(date_of_issue: str, reference: date) -> date:
    """Convert a BCBP date of issue ("YDDD": last digit of the year, day of year) to a date.

    Args:
        date_of_issue: Four digits, e.g. "6225" (day 225 of a year ending in 6).
        reference: The date to be nearest to (usually today).

    Returns:
        The nearest date to `reference` matching the year digit and day of year.

    Raises:
        BcbpError: If `date_of_issue` is not four digits with a day of 1–366.
    """
    if len(date_of_issue) != 4 or not all(c in "0123456789" for c in date_of_issue):
        raise BcbpError(f"date of issue must be four digits, got {date_of_issue!r}")
    digit, day = int(date_of_issue[0]), int(date_of_issue[1:])
    if not 1 <= day <= 366:
        raise BcbpError(f"day of year {day} in date of issue is outside 1–366")
    years = [y for y in range(reference.year - 15, reference.year + 16) if y % 10 == digit]
    return _nearest(day, years, reference)
