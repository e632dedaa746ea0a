"""Service time (PR-2012 § 17): continuous service in the correctional service and the bodies
the paragraph names, and in activities transferred into it."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel

SERVICE_EMPLOYERS = {"kriminalomsorgen", "jd_kriminalomsorgsavdelingen", "ksf", "kdi", "krus",
                     "kitt"}  # fmt: skip


class Period(BaseModel):
    employer: str
    start: date
    end: date  # last day


class ServiceTime(BaseModel):
    days: int
    since: date | None
    explanation: list[str]


def service_time(
    periods: list[Period],
    *,
    transferred: set[str] | frozenset[str] = frozenset(),
    until: date | None = None,
) -> ServiceTime:
    """§ 17: all continuous service in the service, its central bodies, KRUS and KITT, and in
    activities transferred into it, counted back from the latest period without a gap."""
    counted = sorted(
        (p for p in periods if p.employer in SERVICE_EMPLOYERS or p.employer in transferred),
        key=lambda p: p.start,
    )
    if not counted:
        return ServiceTime(days=0, since=None, explanation=["no service that § 17 counts"])
    # Merge adjoining or overlapping periods; the last block is the continuous service.
    start, end = counted[0].start, counted[0].end
    for p in counted[1:]:
        if p.start <= end + timedelta(days=1):
            end = max(end, p.end)
        else:
            start, end = p.start, p.end
    if until is not None:
        end = min(end, until)
    skipped = [p.employer for p in periods if p not in counted]
    notes = [f"continuous from {start} to {end}"]
    if skipped:
        notes.append(f"not counted (outside the service): {', '.join(skipped)}")
    return ServiceTime(days=(end - start).days + 1, since=start, explanation=notes)
