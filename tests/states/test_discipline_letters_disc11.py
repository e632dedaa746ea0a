"""disc11: the letters say where an appeal against an avvisning goes, and whether this case takes
it (fvl § 28 third paragraph); the suspension's letter says when it lapses as the code has it
(tjml § 16 nr. 2, PR-2012 § 19 nr. 3)."""

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
    "request": {
        "reaction": "ordensstraff",
        "seniority_months": 1,
        "appeal_body": "central_council",
        "appeal_body_name": "Det sentrale tilsettingsrådet",
    },
    "to_detriment": False,
}


def test_the_appeal_bodys_avvisning_goes_to_the_body_above_it_or_nowhere() -> None:
    """fvl § 28 third paragraph: the appeal body's avvisning of a late appeal (fvl § 31) may be
    appealed to the body above the appeal body (the central council's: the Justice Department),
    not back to the appeal body; where the King is the appeal body it cannot be appealed."""
    central = render("appeal_outcome", BASE | {"step": "dismiss_late"})
    assert "klageinstans for avvisningen er Justis- og beredskapsdepartementet" in central
    assert "Denne klagesaken tar ikke imot en slik klage" in central  # no route in this case
    king = BASE["request"] | {"appeal_body": "king_in_council", "appeal_body_name": "Kongen"}
    letter = render("appeal_outcome", BASE | {"step": "dismiss_late", "request": king})
    assert "Avvisningen kan ikke påklages: Kongen i statsråd er klageinstans" in letter
    assert "Klagefristen" not in letter


def test_the_deciding_bodys_avvisning_letter_says_the_case_takes_the_appeal() -> None:
    """fvl § 28 third paragraph (appeal10's route): the appeal against the deciding body's
    avvisning is registered in the disciplinary case and tries only the avvisning (fvl § 33,
    disc11); appeals opened before appeal10 keep the old words."""
    base = BASE | {"request": BASE["request"] | {"inadmissible": "fvl § 28 tredje ledd"}}
    routed = render("appeal_dismissed", base | {"avvisning_route": True})
    assert "Klagen registreres i disiplinærsaken og gjelder bare avvisningen" in routed
    assert "egen sak utenfor" not in routed
    before = render("appeal_dismissed", base | {"avvisning_route": False})
    assert "Denne klagesaken tar ikke imot en slik klage" in before


def test_the_suspension_letter_says_when_it_lapses_as_the_code_does() -> None:
    """tjml § 16 nr. 2: the suspension lapses after its time limit unless a decision of
    oppsigelse or avskjed (`DISMISSAL`) is made, or it is extended; PR-2012 § 19 nr. 3 (disc10):
    it lapses when the case ends without one."""
    letter = render(
        "discipline_suspension",
        BASE | {"case_label": "Disiplinærsak", "rule": "PR-2012 § 19 nr. 3",
                "payload": {"measure": "suspension", "reasons": "Fare"},
                "suspension_lapses": "2040-12-04", "suspension_appeal_body": "Det sentrale "
                "tilsettingsrådet"},
    )  # fmt: skip
    assert "vedtak om oppsigelse eller avskjed, med mindre det forlenges" in letter
    assert "avsluttes uten vedtak om oppsigelse eller avskjed" in letter


def test_the_forwarding_letter_names_the_department_above_the_central_council() -> None:
    """fvl § 28 (issue 13): an appeal against the central council's first-instance decision goes
    to the Justice Department, and the forwarding letter (fvl § 33) says so, not the King."""
    request = BASE["request"] | {"appeal_body": "justice_department", "against_avvisning": ""}
    letter = render("appeal_forwarded", BASE | {"step": "forward", "request": request})
    assert "sendt til Justis- og beredskapsdepartementet for avgjørelse" in letter


def test_the_forwarding_letter_of_an_appeal_against_an_avvisning_keeps_the_merits_closed() -> None:
    """fvl § 28 third paragraph, § 31 (disc11): the appeal against an avvisning tries only the
    avvisning; the letter no longer says the appeal body may try the decision."""
    request = BASE["request"] | {"against_avvisning": "fvl § 28 tredje ledd: avgjort"}
    letter = render("appeal_forwarded", BASE | {"request": request, "merits_closed": True})
    assert "prøver bare om klagen skulle vært avvist, ikke vedtaket på nytt" in letter
    assert "kan ellers prøve vedtaket" not in letter


def test_the_suspension_appeals_avvisning_letter_sends_the_party_on() -> None:
    """fvl § 28 third paragraph, § 27 (disc12): a suspension appeal's avvisning is not appealed
    in the disciplinary case (`suspension_barred` dismisses such an appeal again), so its letter
    says the case does not take the appeal, rather than promise the route an appeal of the
    decision has."""
    from states.appeals import AppealFile, AppealOpening, avvisning_in_case

    def routed(reaction: str) -> bool:
        request = AppealOpening.model_construct(reaction=reaction)
        return avvisning_in_case(AppealFile.model_construct(request=request, appeal10=True))

    assert routed("ordensstraff") and not routed("suspensjon")
    request = BASE["request"] | {"reaction": "suspensjon", "inadmissible": "fvl § 28 tredje ledd"}
    letter = render("appeal_dismissed", BASE | {"request": request, "avvisning_route": False})
    assert "Denne klagesaken tar ikke imot en slik klage" in letter
    assert "Klagen registreres i disiplinærsaken" not in letter


def test_the_avvisning_letter_starts_the_documents_paragraph_on_its_own() -> None:
    """fvl § 27 (disc12): the avvisning letter's paragraph on the route is followed by the
    right to see the documents (fvl § 18) as a paragraph of its own, not run into it."""
    base = BASE | {"request": BASE["request"] | {"inadmissible": "fvl § 28 tredje ledd"}}
    for route in (True, False):
        letter = render("appeal_dismissed", base | {"avvisning_route": route})
        assert ".\n\nDu har rett til å se sakens dokumenter" in letter
