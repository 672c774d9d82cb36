"""resolve.people and resolve.orgs: name keys as plain functions (no spaCy)."""

from __future__ import annotations

import pytest

from dealclaims.resolve.orgs import initials, is_legal_form, org_core, strip_ticker
from dealclaims.resolve.people import bare_name, parse_person


@pytest.mark.parametrize(
    ("name", "given", "family", "honorific"),
    [
        ("David B. Carlow", "david", "carlow", ""),
        ("Mr. Carlow", "", "carlow", "mr"),
        ("Dr Selma Varrik", "selma", "varrik", "dr"),
        ("His Excellency Aurel Drommen", "aurel", "drommen", "his excellency"),
        ("Carlow", "", "carlow", ""),
    ],
)
def test_parse_person(name: str, given: str, family: str, honorific: str) -> None:
    p = parse_person(name)
    assert (p.given, p.family, p.honorific) == (given, family, honorific)


@pytest.mark.parametrize(
    ("name", "bare"), [("Dr Selma Varrik", "Selma Varrik"), ("Selma Varrik", "Selma Varrik")]
)
def test_bare_name(name: str, bare: str) -> None:
    assert bare_name(name) == bare


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("U.S. Halvane Corp.", "us halvane"),
        ("United States Halvane Corporation", "us halvane"),
        ("Tarrow Metals Group Ltd.", "tarrow metals"),
        ("Velgard Logistics AS", "velgard logistics"),
        ("Kessler, Pruitt and Co Inc", "kessler pruitt"),
        ("Japan's Nordhaven Steel", "nordhaven steel"),
        ("Borvane <BVN> Corp", "borvane"),
        ("Corp", ""),
    ],
)
def test_org_core(name: str, core: str) -> None:
    assert org_core(name) == core


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Department of Fisheries", "DOF"),
        ("Trans Ocean Airlines Inc", "TOA"),
        ("Tarrow Metals Group Ltd", "TMG"),
    ],
)
def test_initials(name: str, acronym: str) -> None:
    assert acronym in initials(name)


@pytest.mark.parametrize(("word", "legal"), [("Corp", True), ("AS", True), ("plc", True), ("Steel", False)])
def test_is_legal_form(word: str, legal: bool) -> None:
    assert is_legal_form(word) is legal


def test_strip_ticker() -> None:
    assert strip_ticker("Borvane <BVN> Corp>") == "Borvane Corp"
