"""A played call as the command line prints it: text for a person, JSON for a script.

Both come from the call alone, so the same scenario, seed and moves print the same bytes.
"""

from __future__ import annotations

import json

from outreach_tui.core.money import format_money
from outreach_tui.core.practice.debrief import debrief, fact_label

OUTCOME_WORDS = {"won": "won", "lost": "lost", "follow_up": "follow-up"}


def as_json(call) -> str:
    persona = call.persona
    data = {
        "scenario": call.scenario.name,
        "seed": call.seed,
        "customer": {"name": persona.name, "company": persona.company, "item": persona.item,
                     "amount_cents": persona.amount_cents},
        "opening": call.opening,
        "turns": [{"turn": turn.number, "move": turn.move, "reply": turn.reply, "warmth": turn.warmth,
                   "uncovered": [{"fact": fact, "text": persona.fill(call.scenario.facts[fact])}
                                 for fact in turn.revealed]} for turn in call.turns],
        "closing": call.closing,
        "warmth": call.warmth,
        "next_moves": list(call.next_moves),
        "outcome": call.outcome,
        "follow_up_on": call.follow_up_on.isoformat() if call.follow_up_on else None,
        "debrief": debrief(call).as_json(),  # so far, while the call goes on
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def as_text(call) -> str:
    persona = call.persona
    lines = [f"PRACTICE: {call.scenario.name} (seed {call.seed})",
             f"{persona.name}, {persona.company}"]
    if call.scenario.has_quote:
        lines.append(f"Quote: {persona.item}, {format_money(persona.amount_cents)}")
    lines += ["", f"Customer: {call.opening}"]
    for turn in call.turns:
        lines.append(f"{turn.number:>2}. You: {turn.move}")
        lines.append(f"    Customer: {turn.reply}")
        for fact in turn.revealed:
            lines.append(f"    Uncovered {fact_label(fact)}: {persona.fill(call.scenario.facts[fact])}")
    if call.closing:
        lines.append(f"    Customer: {call.closing}")
    lines.append("")
    if call.outcome is None:
        lines.append(f"Moves now: {', '.join(call.next_moves)}")
        return "\n".join(lines)
    ending = OUTCOME_WORDS[call.outcome]
    if call.follow_up_on:
        ending += f" on {persona.fields['follow_up_date']} ({call.follow_up_on.isoformat()})"
    lines += [f"Outcome: {ending}", "", "Debrief:"]
    lines += [f"  {'+' if point.done else '-'} {point.text}" for point in debrief(call).points]
    return "\n".join(lines)
