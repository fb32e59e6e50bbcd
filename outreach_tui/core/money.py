"""Money in whole cents, so that $67.50 is exactly 6750 and never 67.4999."""

from __future__ import annotations

from dataclasses import dataclass


def format_money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(int(cents))
    return f"{sign}${cents // 100:,}.{cents % 100:02d}"


def parse_money(text: str) -> int:
    """'$1,250.5' -> 125050 cents; ValueError for anything that is not an amount."""
    cleaned = text.strip().replace("$", "").replace(",", "")
    if not cleaned:
        raise ValueError("amount is empty")
    try:
        whole, _, frac = cleaned.partition(".")
        if len(frac) > 2 or not (whole.lstrip("-").isdigit() or whole in ("", "-")):
            raise ValueError
        frac_cents = int((frac + "00")[:2]) if frac else 0
        negative = whole.startswith("-")
        whole_cents = int(whole.lstrip("-") or 0) * 100
        total = whole_cents + frac_cents
        return -total if negative else total
    except ValueError:
        raise ValueError(f"amount must look like 1250.00, got {text!r}") from None


@dataclass(frozen=True)
class CardCosts:
    """What one handwritten card costs, the seeds/001 way: materials plus the rep's time."""

    card_cents: int = 400
    stamp_cents: int = 100
    minutes: int = 15
    hourly_rate_cents: int = 25000

    @property
    def time_cents(self) -> int:
        return round(self.minutes * self.hourly_rate_cents / 60)

    @property
    def total_cents(self) -> int:
        return self.card_cents + self.stamp_cents + self.time_cents
