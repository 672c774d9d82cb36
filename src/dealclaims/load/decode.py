"""Bytes -> text: BOMs, UTF-8 with stray bytes, legacy code pages, mojibake repair."""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Callable

from dealclaims.load.normalise import _CONTROL_CHARS

CP1252_CHAOS_SLACK = 0.10  # prefer cp1252 over charset_normalizer's pick when it is this close in chaos


_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@functools.cache
def _fix_encoding() -> Callable[[str], str]:
    """ftfy's encoding fixes only: everything that changes characters for other reasons is left to
    normalize_text, where the offset map records it. Imported on first use: a warm run decodes nothing."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return functools.partial(ftfy.fix_text, config=config)


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode any byte sequence (never raises) and repair mojibake: ``(text, encoding, warnings)``.

    Order: a BOM; strict UTF-8; charset_normalizer's guess (biased to cp1252); cp1252 with replacement.
    Then ftfy's encoding fixes, and stray letters standing in for an apostrophe (``companyโs``).
    """
    text, encoding, warnings = _decode(data)
    if encoding not in ("utf-8", "ascii"):
        warnings.append(f"decoded as {encoding}")
    fixed = _fix_encoding()(text)
    if fixed != text:
        warnings.append("repaired mojibake")
    repaired = _STRAY_APOSTROPHE.sub(_replace_stray_apostrophe, fixed)
    if repaired != fixed:
        warnings.append("replaced stray letters used as apostrophes")
    return repaired, encoding, warnings


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """Bytes -> (text, codec name, warnings), before any repair."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return text, encoding, (["replaced undecodable bytes"] if "\ufffd" in text else [])
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8, "utf-8", ["replaced undecodable bytes"]
    guess = _guess_encoding(data)
    if guess is not None:
        return data.decode(guess, errors="replace"), guess, []
    return data.decode("cp1252", errors="replace"), "cp1252", ["replaced undecodable bytes"]


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a lone surrogate, a truncated character), decoded with replacement.

    Guessing a legacy code page for such a file would garble every correct accent and curly quote in it.
    It counts as UTF-8 when its valid non-ASCII characters are at least as many as its undecodable ones
    (in a legacy-encoded file almost no byte run happens to be valid UTF-8), or when its only bad bytes are
    encoded surrogates (``\\xed\\xa0\\x80``), which a UTF-8 writer fed a lone surrogate produces.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid = sum(1 for char in text if not char.isascii()) - bad
    if valid >= max(bad, 1) or _decodes(_ENCODED_SURROGATE.sub(b"", data), "utf-8"):
        return text
    return None


_ENCODED_SURROGATE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")


def _guess_encoding(data: bytes) -> str | None:
    """charset_normalizer's pick, except cp1252 when it fits almost as well.

    On short English text with a few curly quotes charset_normalizer often picks cp852 or a Mac code page;
    cp1252 is by far the likelier legacy encoding of a news article, so it wins a near tie.
    """
    import charset_normalizer  # only for bytes that are not UTF-8: most runs never need it

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    near_ties = (match for match in matches if match.chaos <= best.chaos + CP1252_CHAOS_SLACK)
    if any("cp1252" in match.could_be_from_charset for match in near_ties) and _decodes(data, "cp1252"):
        return "cp1252"
    return codecs.lookup(best.encoding).name


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


# A letter of another script between a Latin letter and a final "s": mojibake of "’" that ftfy cannot undo
# (e.g. UTF-8 "’" read as a Thai code page gives "companyโs").
_STRAY_APOSTROPHE = re.compile(r"(?<=[A-Za-z\u00c0-\u024f])[^\W\d_](?=s\b)")


def _replace_stray_apostrophe(match: re.Match[str]) -> str:
    letter = match.group()
    return letter if unicodedata.name(letter, "LATIN").startswith("LATIN") else "\u2019"


def clean_text(text: str) -> tuple[str, list[str]]:
    """Unify line breaks to ``\\n`` and drop control characters (tabs kept): ``(text, warnings)``.

    Form feeds and vertical tabs become line breaks, since they separate what follows from what precedes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    cleaned, removed = _CONTROL_CHARS.subn("", text)
    warnings = [f"removed {removed} control character{'s' if removed != 1 else ''}"] if removed else []
    return cleaned, warnings
