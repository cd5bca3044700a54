"""A boarding pass seen → "Boarding in 30 min at gate B12", thirty minutes before boarding."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo

from sightline.cards.model import Card, Glyph, Priority
from sightline.codes import julian_to_date
from sightline.sdk.moment import Moment
from sightline.sdk.triggers import ProactiveCard, Trigger

LEAD = timedelta(minutes=30)


class BoardingTrigger(Trigger):
    """Reminds the wearer of boarding, from the boarding pass they looked at.

    The pass's code gives the flight and its date; the gate and the boarding time are read
    from the pass's printed text. The card is due `lead` before boarding and lapses at it.

    Args:
        tz: The time zone the printed boarding time is in (the hub's local one by default).
        lead: How long before boarding the card appears.
    """

    name = "boarding"

    def __init__(self, tz: tzinfo | None = None, lead: timedelta = LEAD) -> None:
        self.tz = tz
        self.lead = lead

    def on_moment(self, moment: Moment) -> list[ProactiveCard]:
        """Propose the boarding card for a boarding pass with a boarding time."""
        data = moment.data
        if moment.kind != "boarding_pass" or not data.get("boarding"):
            return []
        seen = moment.at.astimezone(self.tz or datetime.now(UTC).astimezone().tzinfo)
        hours, minutes = (int(p) for p in str(data["boarding"]).split(":"))
        day = seen.date()
        if isinstance(data.get("julian_date"), int) and 1 <= data["julian_date"] <= 366:
            day = julian_to_date(data["julian_date"], seen.date())
        boarding = datetime.combine(day, time(hours, minutes), seen.tzinfo)
        if boarding <= seen:
            return []
        gate = data.get("gate")
        where = f" at gate {gate}" if gate else ""
        lead_min = round(self.lead.total_seconds() / 60)
        flight = data.get("flight", "your flight")
        card = Card(
            title=f"Boarding in {lead_min} min",
            lines=(f"{flight} to {data.get('to', '')}".strip(), f"Gate {gate}" if gate else ""),
            glyph=Glyph.PLANE,
            priority=Priority.IMPORTANT,
            ttl_s=60.0,
        )
        card = card.model_copy(update={"lines": tuple(line for line in card.lines if line)})
        reason = (
            f"You looked at your boarding pass for {flight} at {seen:%H:%M}; "
            f"it says boarding at {boarding:%H:%M}{where}."
        )
        return [
            ProactiveCard(
                key=f"boarding:{flight}:{day.isoformat()}",
                card=card,
                speech=f"Boarding in {lead_min} minutes{where}.",
                due=boarding - self.lead,
                expires=boarding,
                reason=reason,
                trigger=self.name,
            )
        ]
