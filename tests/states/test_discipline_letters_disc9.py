"""disc9: the letters say what the case does with an appeal against a dismissal."""

from __future__ import annotations

from datetime import date

from activities.documents import render

BASE = {
    "unit_name": "Oslo fengsel",
    "today": date(2040, 6, 4),
    "case_id": "appeal-D-1-1",
    "case_label": "Klagesak",
    "rule": "fvl § 31",
    "decider": None,
    "payload": {"reasons": "For sent"},
    "request": {"reaction": "ordensstraff", "seniority_months": 1},
    "to_detriment": False,
}


def test_a_late_appeals_dismissal_is_not_called_final() -> None:
    """fvl § 2 third paragraph: "Avgjørelse som gjelder avvisning ... er alltid å anse som
    enkeltvedtak"; fvl § 28 third paragraph: a dismissal in an appeal case may still be appealed.
    The letter states the right, and that this case does not take that appeal."""
    letter = render("appeal_outcome", BASE | {"step": "dismiss_late"})
    assert "endelig" not in letter
    for words in (
        "forvaltningsloven § 2 tredje ledd",
        "forvaltningsloven § 28 tredje ledd",
        "tre uker",
        "Denne klagesaken tar ikke imot en slik klage",
    ):
        assert words in letter, words
    upheld = render("appeal_outcome", BASE | {"step": "uphold"})
    assert "endelig og kan ikke påklages" in upheld  # fvl § 28 third paragraph, first sentence
