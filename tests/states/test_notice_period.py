"""The notice period of an oppsigelse from the employer (tjml §§ 8–10, the act PR-2012 cites,
as Statens personalhåndbok pkt. 2.8.6 states its figures), with service time counted by
PR-2012 § 17, "fra dato til dato". It sets the day PR-2012 § 26's exit interview stands until
(issue 13)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from activities.store import Store
from intake.org_file import read_org
from states.employment import employment_ends
from states.rules import RuleViolation
from states.service_time import Employment, Period, notice_period
from tests.conftest import EXAMPLES

RECEIVED = date(2030, 3, 14)


def held(since: date, *, permanent: bool = True, probation_until: date | None = None,
         employer: str = "kriminalomsorgen") -> Employment:  # fmt: skip
    return Employment(permanent=permanent, probation_until=probation_until,
                      service=[Period(employer=employer, start=since)])  # fmt: skip


@pytest.mark.parametrize(
    ("since", "permanent", "last_day"),
    [
        # "Etter utløpet av prøvetiden og inntil ett år er oppsigelsesfristen én måned"
        (date(2029, 3, 15), True, date(2030, 4, 14)),  # exactly one year's service
        # "- deretter tre måneder"
        (date(2029, 3, 14), True, date(2030, 6, 14)),  # one year and a day
        (date(2028, 3, 15), True, date(2030, 6, 14)),  # exactly two years
        # "6 måneder når tjenestetiden er lengre enn to år for fast tilsatte"
        (date(2028, 3, 14), True, date(2030, 9, 14)),
        # "... og lengre enn fire år for midlertidig tilsatte"
        (date(2027, 3, 14), False, date(2030, 6, 14)),  # three years, temporary
        (date(2026, 3, 14), False, date(2030, 9, 14)),
    ],
)
def test_notice_follows_the_service_time(since: date, permanent: bool, last_day: date) -> None:
    """tjml §§ 9–10: one month up to one year's service, then three months, six months from the
    employer after more than two years (permanent) or four (temporary); dato til dato."""
    notice = notice_period(held(since, permanent=permanent), RECEIVED)
    assert notice.last_day == last_day
    assert "PR-2012 § 17" in notice.rule and "tjml §§ 8–10" in notice.rule


def test_probation_gives_three_weeks() -> None:
    """tjml § 8 nr. 2: "Alle som er tilsatt på prøve, har en gjensidig oppsigelsesfrist på
    3 uker"."""
    notice = notice_period(held(date(2030, 1, 1), probation_until=date(2030, 6, 30)), RECEIVED)
    assert notice.last_day == date(2030, 4, 4) and notice.rule == "tjml § 8 nr. 2"


def test_service_is_counted_by_section_17() -> None:
    """PR-2012 § 17: continuous service in the service and KRUS counts; a gap starts it anew, and
    service outside the service does not count."""

    def two(first: str, ends: date, then: date) -> Employment:
        return Employment(service=[Period(employer=first, start=date(2000, 1, 1), end=ends),
                                   Period(employer="kriminalomsorgen", start=then)])  # fmt: skip

    across = two("krus", date(2029, 1, 31), date(2029, 2, 1))
    assert notice_period(across, RECEIVED).last_day == date(2030, 9, 14)  # six months
    gap = two("krus", date(2028, 12, 31), date(2029, 6, 1))
    assert notice_period(gap, RECEIVED).last_day == date(2030, 4, 14)  # one month
    outside = two("politiet", date(2029, 5, 31), date(2029, 6, 1))
    assert notice_period(outside, RECEIVED).last_day == date(2030, 4, 14)


def test_no_service_in_the_register_assumes_the_longest_notice() -> None:
    """Design choice (docs/legal-choices.md): without the register's service, six months, so the
    exit interview (PR-2012 § 26) is never withdrawn while the employee may still be employed."""
    for employment in (None, Employment()):
        notice = notice_period(employment, RECEIVED)
        assert notice.last_day == date(2030, 9, 14) and "design choice" in notice.explanation


def test_avskjed_ends_at_once_and_the_offer_stands_a_month() -> None:
    """PR-2012 § 26 after an avskjed (tjml § 15): no notice period; the offer stands one month
    from the decision (design choice)."""
    ends = employment_ends("avskjed", held(date(2000, 1, 1)), date(2030, 3, 11), RECEIVED)
    assert ends.last_day == date(2030, 4, 11) and ends.rule == "PR-2012 § 26"
    ends = employment_ends("oppsigelse", held(date(2000, 1, 1)), date(2030, 3, 11), RECEIVED)
    assert ends.last_day == date(2030, 9, 14)


def test_a_running_period_needs_the_day_it_is_counted_to() -> None:
    with pytest.raises(ValueError, match="until"):
        from states.service_time import service_time

        service_time([Period(employer="kriminalomsorgen", start=date(2020, 1, 1))])


def test_org_load_keeps_each_employees_employment(store: Store, tmp_path: Path) -> None:
    """The register holds what the notice period reads (migration 0015_hire14), loaded by
    `personalsak org load`; a period that ends before it starts is refused with its field."""
    org = yaml.safe_load((EXAMPLES / "org.yaml").read_text(encoding="utf-8"))
    employment = {"permanent": False, "probation_until": "2030-06-30",
                  "service": [{"employer": "kriminalomsorgen", "start": "2030-01-01"}]}  # fmt: skip
    org["people"][0]["employment"] = employment
    good = tmp_path / "org.yaml"
    good.write_text(yaml.safe_dump(org), encoding="utf-8")
    store.load_org(read_org(good))
    person = store.person(org["people"][0]["person_id"])
    assert person is not None and person.employment is not None
    assert notice_period(person.employment, RECEIVED).rule == "tjml § 8 nr. 2"
    employment["service"][0]["end"] = "2029-01-01"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(org), encoding="utf-8")
    with pytest.raises(RuleViolation) as refused:
        read_org(bad)
    assert "end" in refused.value.field or "end" in refused.value.message


def test_a_temporary_term_ending_first_is_the_last_day() -> None:
    """tjml § 7 nr. 2 (as Statens personalhåndbok states it): a temporary appointee "fratrer uten
    oppsigelse når tidsrommet er ute": when the term ends before the notice of tjml §§ 8–10
    would, the employment ends on the earlier day (issue 13 review); a permanent post and a
    term ending later leave the notice as it is."""
    term = date(2030, 5, 31)
    temp = held(date(2028, 3, 14), permanent=False).model_copy(update={"term_until": term})
    notice = notice_period(temp, RECEIVED)  # three months would run to 2030-06-14
    assert notice.last_day == term and "tjml § 7 nr. 2" in notice.rule
    later = temp.model_copy(update={"term_until": date(2030, 12, 31)})
    assert notice_period(later, RECEIVED).last_day == date(2030, 6, 14)
    ends = employment_ends("oppsigelse", temp, date(2030, 3, 11), RECEIVED)
    assert ends.last_day == term
