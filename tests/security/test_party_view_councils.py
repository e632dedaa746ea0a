"""Issue 15's review, H2 (fvl § 18 a): "Partens rett til innsyn gjelder ikke et organs interne
dokumenter" — a council's sitting (votes, written-procedure agreements, signatures, the seat
per case, the protocol) is the deciding body's internal preparation. The party's lens hides
every council's rows and sitting, built from every `Collegial` in the catalogue, so the appeal's
`first_` rows, the deciding council's `matter_protocol` and any council added later are hidden
without a list to keep in step."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from intake.access import COUNCIL_TRIGGERS
from intake.views import INTERNAL_DETAILS, _party, reduce
from states.catalog import COLLEGIALS, MACHINES
from states.council import COUNCIL_STEPS
from states.machine import Actor, HistoryEntry
from workflows.case import CaseView

MEMBER = Actor(person_id="member-7", role="employee")
PARTY = "emp-2"
LEADER = Actor(person_id="leader-oslo", role="employee")


class _NoDocuments:
    def documents_for(self, *_: Any) -> list[Any]:
        return []


def _entry(trigger: str, actor: Actor = MEMBER) -> HistoryEntry:
    at = datetime(2026, 1, 5, tzinfo=UTC)
    return HistoryEntry(trigger=trigger, source="a", dest="a", rule="r", actor=actor, at=at)


def _party_view(view: CaseView) -> CaseView:
    return reduce(view, _party(_NoDocuments(), PARTY, view))  # type: ignore[arg-type]


def test_every_collegial_row_and_sitting_is_kept_from_the_party() -> None:
    """fvl § 18 a: each council of the catalogue, its rows in the history and in `taken`, its
    sitting field and its protocol field in the details: none reaches the party's view."""
    assert len(COLLEGIALS) >= 6  # the catalogue's councils were found (fails if the walk breaks)
    for council in COLLEGIALS:
        triggers = council.triggers()
        details: dict[str, Any] = {
            council.field: {"votes": [{"member_id": MEMBER.person_id}]},
            council.protocol_field: {"signed_by": [MEMBER.person_id]},
            "taken": {t: {"member": MEMBER.person_id} for t in triggers} | {"decide": {}},
        }
        view = CaseView(
            case_id="X", case_type="appeal", state="s", ruleset="r", opened_by_event="e",
            history=[*map(_entry, triggers), _entry("decide", LEADER)], deadlines=[], documents=[],
            parties=[], details=details,
        )  # fmt: skip
        seen = _party_view(view)
        assert [h.trigger for h in seen.history] == ["decide"], council.rule
        assert set(seen.details["taken"]) == {"decide"}, council.rule
        assert council.field not in seen.details and council.protocol_field not in seen.details
        assert MEMBER.person_id not in seen.model_dump_json(), council.rule


def test_appeal_first_council_and_discipline_matter_protocol_hidden() -> None:
    """The review's two leaks by name: the appeal's `first_council_vote`, `first_sign_protocol`,
    `first_agree_written` (fvl § 33 council) and discipline's `matter_protocol` (fvl § 42)."""
    assert {"first_council_vote", "first_sign_protocol", "first_agree_written"} <= COUNCIL_TRIGGERS
    assert "matter_protocol" in INTERNAL_DETAILS


def test_every_council_shaped_row_of_every_machine_is_a_council_trigger() -> None:
    """A council row anywhere in the catalogue's machines (a trigger ending in a council step,
    states/council.py COUNCIL_STEPS) is hidden from the party, whoever built it."""
    rows = {s.trigger for m in MACHINES.values() for s in m.steps}
    council_rows = {t for t in rows if t.endswith(COUNCIL_STEPS)}
    assert {"first_council_vote", "matter_council_vote", "main_sign_protocol"} <= council_rows
    assert council_rows <= COUNCIL_TRIGGERS
