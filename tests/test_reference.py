"""Reference data: every body and state, their aliases, membership periods, suggestions."""

from __future__ import annotations

import pytest

from cstolog.domain.errors import UnknownName
from cstolog.domain.reference import load_chairmanships, load_reference

REF = load_reference()

ISSUE_BODIES = {
    "CSC",
    "CFM",
    "CMD",
    "CSSC",
    "PC",
    "SEC",
    "JS",
    "PA",
    "MC",
    "CCC",
    "ICMEC",
    "WGA",
    "CCIM",
    "CCDT",
    "CCBS",
}


def test_every_body_and_state_of_the_contract_is_known() -> None:
    assert {b.code for b in REF.bodies} == ISSUE_BODIES
    assert {s.code for s in REF.states} == {"AM", "BY", "KZ", "KG", "RU", "TJ", "UZ", "AZ", "GE"}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Collective Security Council", "CSC"),
        ("collective security council", "CSC"),
        ("CSC", "CSC"),
        ("csc", "CSC"),
        ("the Council of Foreign Ministers", "CFM"),
        ("Council of Ministers of Foreign Affairs", "CFM"),
        ("CSTO Council of Defense Ministers", "CMD"),
        ("Committee of Security Council Secretaries", "CSSC"),
        ("Interstate Commission on Military-Economic Cooperation", "ICMEC"),
    ],
)
def test_body_names_resolve(name: str, code: str) -> None:
    assert REF.resolve_body(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Republic of Armenia", "AM"), ("Armenia", "AM"), ("AM", "AM"), ("ARM", "AM"),
        ("Kyrgyz Republic", "KG"), ("Kirgizia", "KG"), ("Russian Federation", "RU"),
        ("Byelorussia", "BY"), ("republic of belarus", "BY"), ("Uzbekistan", "UZ"),
    ],
)  # fmt: skip
def test_state_names_resolve(name: str, code: str) -> None:
    assert REF.resolve_state(name) == code


def test_unknown_names_suggest_the_closest() -> None:
    with pytest.raises(UnknownName, match=r"did you mean: Armenia \(AM\)"):
        REF.resolve_state("Armenai")
    with pytest.raises(UnknownName, match=r"Collective Security Council \(CSC\)"):
        REF.resolve_body("Colective Security Concil")
    with pytest.raises(UnknownName, match="unknown body"):
        REF.resolve_body("Warsaw Pact")


def test_formal_names() -> None:
    assert REF.state("AM").formal_name == "Republic of Armenia"
    assert REF.state("KG").formal_name == "Kyrgyz Republic"


def test_membership_periods() -> None:
    uz = REF.state("UZ")
    assert not uz.is_member_on("2006-06-22")
    assert uz.is_member_on("2006-06-23")
    assert uz.is_member_on("2012-12-19")
    assert not uz.is_member_on("2012-12-20")
    # Armenia's frozen participation is a note, not an end of membership.
    assert REF.state("AM").is_member_on("2025-11-27")
    assert "AM" in REF.members_on("2025-11-27")
    assert "UZ" not in REF.members_on("2025-11-27")


def test_chairmanship_periods_tile_the_time_line() -> None:
    periods = load_chairmanships()
    assert periods
    for earlier, later in zip(periods, periods[1:], strict=False):
        assert earlier.end is not None
        assert earlier.end < later.start
    assert any(p.basis == "substitution" and p.state == "RU" for p in periods)
