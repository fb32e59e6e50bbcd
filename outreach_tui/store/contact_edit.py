"""Changes the rep makes on the Contacts screen, each in one transaction.

The values come already checked by `core.contact_checks` (check_contact_edit,
check_life_event, check_absence, check_quote): this module only writes them. Each
write reads the contact first inside its transaction (IMMEDIATE on SQLite, see
`store.connection`), so a contact deleted meanwhile is a clear `ContactEditError`
and nothing is half-written.
"""

from __future__ import annotations

from datetime import date

from outreach_tui.core.plan_signals import check_in_due
from outreach_tui.store.contacts_search import search_changes
from outreach_tui.store.search_columns import SEARCH_FIELDS
from outreach_tui.store.models import Absence, Contact, LifeEvent, Quote, database


class ContactEditError(Exception):
    """The change cannot be made; the message is shown as is."""


def _contact(contact_id: int) -> Contact:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise ContactEditError("this contact is no longer in the book; nothing was saved")
    return contact


def save_contact(contact_id: int, values: dict[str, object]) -> None:
    """Store the changed fields; a new cadence or relationship moves the next check-in with it."""
    if not values:
        return
    with database.atomic():
        contact = _contact(contact_id)
        changes = {getattr(Contact, name): value for name, value in values.items()}
        if "cadence_days" in values or "relationship" in values:
            changes[Contact.check_in_due_on] = check_in_due(
                values.get("relationship", contact.relationship),
                values.get("cadence_days", contact.cadence_days),
                contact.last_touch_on, contact.customer_since, contact.created_on,
            )
        if not values.keys().isdisjoint(SEARCH_FIELDS):  # what search reads follows the text it is made of
            changes.update(search_changes({name: values.get(name, getattr(contact, name)) for name in SEARCH_FIELDS}))
        Contact.update(changes).where(Contact.id == contact_id).execute()


def set_flags(contact_id: int, *, do_not_contact: bool | None = None, archived: bool | None = None) -> None:
    """Mark or clear do-not-contact and archived (either leaves the plan; archived leaves search too)."""
    changes = {}
    if do_not_contact is not None:
        changes[Contact.do_not_contact] = do_not_contact
    if archived is not None:
        changes[Contact.archived] = archived
    with database.atomic():
        _contact(contact_id)
        Contact.update(changes).where(Contact.id == contact_id).execute()


def add_life_event(contact_id: int, values: dict[str, object]) -> int:
    """A life event (kind, month, day, year, yearly, month_day, note); its id."""
    with database.atomic():
        _contact(contact_id)
        return LifeEvent.create(contact=contact_id, **values).id


def add_absence(contact_id: int, values: dict[str, object]) -> int:
    """An absence (place, why, starts_on, returns_on); its id."""
    with database.atomic():
        _contact(contact_id)
        return Absence.create(contact=contact_id, **values).id


def add_quote(contact_id: int, values: dict[str, object]) -> int:
    """An open quote (description, amount_cents, sent_on); its id."""
    with database.atomic():
        _contact(contact_id)
        return Quote.create(contact=contact_id, status="open", **values).id


def add_contact(values: dict[str, object], today: date) -> int:
    """A new contact from checked fields (`core.record_fields.check_new_contact`); its id.

    Created today, a prospect unless the fields say otherwise; a customer's first
    check-in falls a cadence after today.
    """
    fields = {"relationship": "prospect", **values}
    name = str(fields["name"])
    fields.setdefault("first_name", name.split()[0] if name.split() else "")
    fields["check_in_due_on"] = check_in_due(fields["relationship"], int(fields.get("cadence_days", 90)),
                                             None, None, today)
    with database.atomic():
        return Contact.create(created_on=today, **fields).id
