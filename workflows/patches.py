"""Patches folded into one (issue 16): every patch id below was a `workflow.patched` of its
own, and each one a case reached recorded a marker and an upsert of Temporal's
`TemporalChangeVersion` search attribute — 22 of each in a discipline case opened and closed
with no action, two thirds of its history and a visibility write apiece on the server. A case
started with `BASELINE` takes every patch listed here on one marker; a case recorded before it
(no `BASELINE` marker in its history) asks each patch as before, so it replays unchanged.

A patch added after this one is NOT listed here and is asked with `workflow.patched` directly:
a case started under `BASELINE` must take a later patch's old path on replay.
"""

from __future__ import annotations

from temporalio import workflow

BASELINE = "perf5-baseline"

FOLDED = frozenset(
    {
        "16-drain-before-continue-as-new",
        "16-read-model",
        "appeal10-review",
        "council10-review",
        "council11-review",
        "council8-convene",
        "council8-reps-none",
        "council9-leave-party",
        "council9-review",
        "disc10-convene",
        "disc10-review",
        "disc11-review",
        "disc12-review",
        "disc4-central-close-protocol",
        "disc4-council-matters",
        "disc4-forflytting-deleted",
        "disc5-attack-review",
        "disc6-detriment-notice",
        "disc6-main-council",
        "disc7-review",
        "disc8-appeal-review",
        "disc8-changed-form",
        "disc8-superior-fallback",
        "disc8-voter-signs",
        "disc9-review",
        "exit-interview-closes-first",
        "hire14-exit-notice-period",
        "hire14-section-9-3-told",
        "hire15-exit-receipt-reoffer",
        "issue12-appeal-changed",
        "issue12-decided-suspension-lapses",
        "issue12-majority-term",
        "issue12-neglect-concerned-leader",
        "issue12-reasons-presumed",
        "issue12-receipt-presumed",
        "issue12-warning-reply",
        "issue13-appointments-register",
        "issue13-collegial",
        "issue13-exit-interview",
        "issue13-exit-offers-counted",
        "issue13-ruleset-per-case",
        "issue13-section-9-3-representatives",
        "issue13-withdraw-before-list",
        "issue14-delete-by-erased-ids",
        "issue14-delete-erased-histories",
        "issue14-erasure",
        "issue15-queue-file",
        "local-register-writes",
        "mainconv-convene",
        "queue4-matter-pending",
        "review-appeal-receipt",
    }
)


def patched(patch_id: str) -> bool:
    """`workflow.patched` for a patch folded into `BASELINE`. `BASELINE` is asked first, each
    time (the SDK keeps a patch's answer for the run): so it is decided, and its marker
    recorded, no later than any patch it holds, and a case that had already answered a folded
    patch on replay never finds `BASELINE` newly true after it."""
    if patch_id not in FOLDED:
        raise ValueError(f"{patch_id} is not folded into {BASELINE}: use workflow.patched")
    return workflow.patched(BASELINE) or workflow.patched(patch_id)
