"""Erasure by rule (issue 14): the retention sweep that a Temporal Schedule starts daily
(intake/up.py `ensure_sweep`). It finishes what a case's own rule step requested (PR-2012 § 18:
the family's keys, once every case of it has closed) and erases what the retention table says
is due.

Why a sweep for retention and a timer only for § 18 (docs/legal-choices.md): § 18's five
years run from the case's own step, so the case keeps its durable timer and journals the
deletion itself; the other periods run from a case's closing, and a closed case has no timers
(nor should it stay open for years to hold one), so a daily sweep reads the register.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.erasure import Erased, ErasureActivities, ErasurePlan
    from states.calendar import local_date
    from states.retention import FAMILY_ERASED, PR_18, anonymous_view, discipline_family
    from workflows import patches

TIMEOUT = timedelta(minutes=5)
# Issue 14 review: the sweep deletes an erased family's closed runs from Temporal.
DELETE_PATCH = "issue14-delete-erased-histories"
# Issue 14 review M1: the deletion follows what was erased, not which keys were destroyed now
# (a retried sweep finds them gone; a setup without a keyring destroys none).
DELETE_IDS_PATCH = "issue14-delete-by-erased-ids"
# The sweep's Schedule (one per namespace): daily, catching up a missed day.
SWEEP_ID, SWEEP_EVERY = "retention-sweep", timedelta(days=1)


async def _act(fn: Any, arg: Any) -> Any:
    return await workflow.execute_activity_method(fn, arg, start_to_close_timeout=TIMEOUT)


@workflow.defn
class RetentionSweep:
    """The daily sweep: every erasure requested or due by states/retention.py. A family with a
    case still running is left for the next day: its keys go only once all have closed (a
    parent decodes its child's result with the child's key; a running case encodes its own)."""

    @workflow.run
    async def run(self) -> int:
        plans: list[ErasurePlan] = await _act(
            ErasureActivities.due_erasures, local_date(workflow.now())
        )
        done = 0
        for plan in plans:
            if plan.scope == "family" and await _act(ErasureActivities.still_running, plan.family):
                # a family stuck with a running member must not wait unseen (review L4): how
                # long and under which rule, no case id or person (the log is no register)
                waited = (workflow.now() - plan.at).days
                workflow.logger.warning(
                    "retention sweep: an erasure under %s waits for a running case "
                    "(%d days since requested)", plan.rule, waited)  # fmt: skip
                continue
            # The rule is checked again by `erase` on the sweep's day (PR-2012 § 18: five
            # years from the decision; every other row's period); a refusal changes nothing
            # and the request waits for the next day (issue 14 review).
            erased: Erased = await _act(ErasureActivities.erase, plan)
            done += 1 if erased.workflow_ids else 0
            if deletes_histories(plan, erased) and patches.patched(DELETE_IDS_PATCH):
                # What no data key covers leaves Temporal now, not after the namespace
                # retention: the closed runs of the erased family (issue 14 review M1).
                await _act(ErasureActivities.delete_histories, erased.workflow_ids)
            elif erased.keys_destroyed and patches.patched(DELETE_PATCH):
                # sweeps that ran before M1 replay their own command
                await _act(ErasureActivities.delete_histories, erased.workflow_ids)
        return done


def deletes_histories(plan: ErasurePlan, erased: Erased) -> bool:
    """Whether an erasure's closed runs leave Temporal (issue 14 review M1): a family erased
    (PR-2012 § 18, the leave row), decided on the erased workflow ids, with or without a data
    key destroyed now; part of a case (the applications of a hiring case) leaves its history."""
    return plan.scope == "family" and bool(erased.workflow_ids)


class Erasable:
    """A case type whose rule erases it while it runs (the disciplinary case, PR-2012 § 18):
    from the erasing step on, its view and its live query answer the anonymous trail."""

    erased: dict[str, Any] | None = None

    def view(self) -> Any:
        view = super().view()  # type: ignore[misc]
        if self.erased is None:
            return view
        at = datetime.fromisoformat(self.erased["at"])
        data = anonymous_view(view.model_dump(mode="json"), self.erased["rule"], at,
                              FAMILY_ERASED)  # fmt: skip
        return type(view).model_validate(data)


async def erase_ordensstraff(case: Any) -> None:
    """PR-2012 § 18: the deletion step erases the case, its appeals and its report: requested
    now, the case's own view anonymous from now on, the register and the keys by the next
    sweep once every one of them has closed. The report the case's request names is only a
    claim: `request_erasure` takes it only if the register links it as the report that opened
    this case (TI-2020 § 2-5; issue 14 review)."""
    f = case.file
    family = discipline_family(case.case_id, f.appeals, f.request.report_case_id)
    plan = ErasurePlan(root=case.workflow_id, family=family, rule=PR_18, at=workflow.now())
    await case.run_activity(ErasureActivities.request_erasure, plan)
    case.erased = {"rule": PR_18, "at": plan.at.isoformat()}
