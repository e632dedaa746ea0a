"""disc8: the change on appeal the central council's majority voted (fvl § 34, PR-2012 § 20
nr. 2, § 13 nr. 4), read from the votes alone."""

from __future__ import annotations

from states.appeals import voted_change
from states.council import Vote
from states.discipline import Reaction


def _change(member: str, reaction: str, months: int = 0) -> Vote:
    return Vote(member_id=member, choice="change", reaction=reaction, severity=months)


def test_the_majoritys_change_and_its_own_term() -> None:
    """§ 13 nr. 4 with § 19 nr. 2's reading (`majority_decision`): the longest term more than
    half the votes cast stand behind; a vote to uphold counts among the votes cast."""
    votes = [_change("a", "ordensstraff", 6), _change("b", "ordensstraff", 2),
             _change("c", "ordensstraff", 4), Vote(member_id="d", choice="uphold")]  # fmt: skip
    # three of four stand behind two months, two of four (not more than half) behind four
    assert voted_change(votes) == (Reaction.ordensstraff, 2)
    votes.append(_change("e", "ordensstraff", 4))
    assert voted_change(votes) == (Reaction.ordensstraff, 4)  # three of five stand behind four


def test_split_votes_to_change_decide_nothing() -> None:
    """fvl § 34: "change" has a majority, but no reaction has one of the votes cast: nothing
    can be entered (the leader's `_change_as_voted` refuses by field `votes`)."""
    votes = [_change("a", "ordensstraff", 1), _change("b", "forflytting"),
             _change("c", "suspensjon")]  # fmt: skip
    assert voted_change(votes) is None
    two = [_change("a", "forflytting"), _change("b", "forflytting"),
           Vote(member_id="c", choice="reverse")]  # fmt: skip
    assert voted_change(two) == (Reaction.forflytting, None)
