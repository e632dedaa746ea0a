"""PR-2012 § 10 nr. 1: acting service imposed by the director "inntil fire ukers varighet": a
chain of orders for the same absent post is one service, however many links it has."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from states.acting import ActingService, check_chain
from states.rules import RuleViolation


def _order(start: date, days: int, kind: str = "holiday") -> ActingService:
    return ActingService.model_construct(
        acting_for="emp-2", absence=kind, start=start, end=start + timedelta(days=days - 1)
    )


def test_a_chain_of_weekly_orders_is_one_acting_service() -> None:
    """Four weekly orders (1-28 June 2027) and a fifth adjoining one make 31 days in a row: the
    fifth is refused naming `payload.start`, whatever order the earlier ones come in; an order
    a day after a gap starts a new service."""
    first = date(2027, 6, 1)
    weeks = [_order(first + timedelta(days=7 * i), 7) for i in range(4)]
    for earlier in (weeks, list(reversed(weeks))):
        with pytest.raises(RuleViolation) as refused:
            check_chain(_order(date(2027, 6, 29), 3, "course"), earlier)
        assert (refused.value.rule, refused.value.field) == ("PR-2012 § 10 nr. 1", "payload.start")
        assert "31 days" in refused.value.message
    check_chain(_order(date(2027, 7, 1), 3), weeks)  # a day's gap after 28 June: a new one
