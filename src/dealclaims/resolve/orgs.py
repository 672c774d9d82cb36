"""Organisation names reduced to a core that ignores what does not change which organisation is meant.

Legal forms (cleanco: Inc, Corp, Corporation, Ltd, AS, AG, SA, plc...), a "Group"/"Holdings" tail, a country
prefix written three ways ("U.S." / "US" / "United States"), a possessive country prefix ("Japan's X"), and
tickers ("Ostrel-Hart <OSH> Corp") are folded away; the core of "U.S. Halvane Corp." and of "United States
Halvane Corporation" is "us halvane". ``initials`` gives the acronyms a long name can be written as.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dealclaims.names import _CONNECTORS, _plain, is_legal_form, legal_basename

# Tails no legal-form library lists but that do not change which organisation is meant ("X Group" = "X").
_TAILS = {"group", "holdings", "holding", "cos", "companies"}
_US_PREFIX = re.compile(r"^(?:u ?s ?a?|united states(?: of america)?)\s+(?=\S)")
_POSSESSIVE_PREFIX = re.compile(r"^[A-Z][\w.\- ]*?(?:'s|’s)\s+(?=[A-Z])")
# "Department of Transportation" = "Transportation Department"
_BODY_OF = re.compile(r"^(?:us )?(department|ministry|bureau|office|board|commission|secretariat) of (.+)$")
_TICKER = re.compile(r"<[^<>]*>|[<>]")


def strip_ticker(name: str) -> str:
    """ "Ostrel-Hart <OSH> Corp" -> "Ostrel-Hart Corp"; a stray "<" or ">" goes too."""
    return " ".join(_TICKER.sub(" ", name).split())


@lru_cache(maxsize=8192)
def org_core(name: str) -> str:
    """The comparison core of an organisation name (see the module docstring); "" for a bare legal form."""
    from dealclaims.gazetteer import country_of  # imported late: the gazetteer loads data

    name = strip_ticker(name)
    prefix = _POSSESSIVE_PREFIX.match(name)
    if prefix and country_of(prefix.group(0).split("'")[0].split("’")[0].strip()):
        name = name[prefix.end() :]  # "Japan's Nordhaven Steel" -> "Nordhaven Steel"
    key = _BODY_OF.sub(r"\2 \1", _US_PREFIX.sub("us ", _plain(name)))
    if is_legal_form(key):
        return ""
    for _ in range(3):
        words = key.split()
        if len(words) > 1 and words[-1] in _TAILS:
            key = " ".join(words[:-1])
            continue
        stripped = _plain(legal_basename(key)) if len(words) > 1 else key
        if stripped == key or not stripped:
            break
        key = stripped
    return key


def compact(core: str) -> str:
    """The core without spaces: "telvar air" and "telvarair" are one name."""
    return core.replace(" ", "")


def initials(name: str) -> set[str]:
    """Acronyms the name can be written as: with and without connectors, with and without its legal form.

    "Department of Transportation" -> {"DOT", "DT"}; "Nordhaven Steel Corp" -> {"NSC", "NS"}.
    """
    out: set[str] = set()
    plain = _plain(strip_ticker(name))
    for words in (plain.split(), _plain(legal_basename(plain)).split(), org_core(name).split()):
        if len(words) < 2:
            continue
        out.add("".join(w[0] for w in words if w not in _CONNECTORS and w[0].isalnum()).upper())
        out.add("".join(w[0] for w in words if w[0].isalnum()).upper())
    return {a for a in out if len(a) >= 2}
