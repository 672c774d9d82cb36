"""Tests for dealclaims.load: discovery, decoding, cleaning, block classification and offset maps."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dealclaims.errors import NoArticlesFound, UnreadableArticle
from dealclaims.load import (
    STDIN,
    article_from_bytes,
    clean_text,
    decode_bytes,
    discover_paths,
    load_articles,
    normalize_text,
    read_article,
    split_blocks,
)
from dealclaims.models import Article, Settings

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_PATHS = sorted(SEEDS.glob("*.txt"))


def seed(number: str) -> Article:
    """The seed article whose file name starts with ``number``."""
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return read_article(path)


def kinds_of(article: Article, text: str) -> list[str]:
    """The kinds of the blocks whose text is exactly ``text``."""
    return [block.kind for block in article.blocks if block.text == text]


def assert_maps_exact(article: Article) -> None:
    """Every body character derives from the text character its map entry points at."""
    assert len(article.body_map) == len(article.body) + 1
    for block in article.blocks:
        assert article.text[block.start : block.end] == block.text
    for index, char in enumerate(article.body):
        source = article.text[article.body_map[index]] if article.body_map[index] < len(article.text) else ""
        if article.body[index : index + 2] == "\n\n" or article.body[index - 1 : index + 1] == "\n\n":
            continue  # block separators map to the end of the previous block
        assert derives_from(char, source), (index, char, source)


QUOTES = {"'": "\u2018\u2019\u201a\u201b\u2032\u2039\u203a", '"': "\u201c\u201d\u201e\u2033\u00ab\u00bb"}


def derives_from(normalised: str, original: str) -> bool:
    """Whether ``normalised`` is what normalisation may make of ``original`` (an independent oracle)."""
    if normalised == original:
        return True
    if normalised == " ":
        return original in "\t\u2028\u2029" or unicodedata.category(original) == "Zs"
    return original in QUOTES.get(normalised, "")


# ---------------------------------------------------------------- seeds


@pytest.mark.parametrize("path", SEED_PATHS, ids=lambda path: path.name[:3])
def test_every_seed_loads_with_exact_maps(path: Path) -> None:
    article = read_article(path)
    assert article.id == path.stem
    assert article.encoding == "utf-8"
    assert article.warnings == []
    assert len(article.body) > 1000
    assert_maps_exact(article)


@pytest.mark.parametrize(
    ("number", "line", "kind"),
    [
        ("000", "Pakistan, U.S. Firm Strike Deal on Critical Minerals", "title"),
        ("000", "by Maryam Tariq", "byline"),
        ("000", "0 comments", "comments"),
        ("000", "A Strategic Move for Both Economies", "heading"),
        ("000", "Related Posts", "related_posts"),
        ("000", "Leave a Comment", "comments"),
        (
            "001",
            (
                "Also Read: Election Commission Holds Crucial Meeting on Nationwide Special Intensive "
                "Revision of Voter Rolls"
            ),
            "related_link",
        ),
        ("002", "Read: US investors urged to tap into Pak\u2019s mineral wealth", "related_link"),
        (
            "002",
            "Read: Aurangzeb sees Pakistan\u2019s minerals as key to boosting trade with US",
            "related_link",
        ),
        ("002", "Islamabad:", "dateline"),
        ("003", "US, Pakistan Announce Key Pact On Critical Minerals", "title"),
        ("004", "ISLAMABAD:", "dateline"),
    ],
)
def test_seed_line_kinds(number: str, line: str, kind: str) -> None:
    article = seed(number)
    assert set(kinds_of(article, line)) == {kind}
    assert line.replace("\u2019", "'") not in article.body


@pytest.mark.parametrize(
    ("number", "title", "byline", "dateline"),
    [
        ("000", "Pakistan, U.S. Firm Strike Deal on Critical Minerals", "Maryam Tariq", None),
        ("001", None, None, None),
        ("002", None, None, "Islamabad"),
        ("003", "US, Pakistan Announce Key Pact On Critical Minerals", None, None),
        ("004", None, None, "ISLAMABAD"),
    ],
)
def test_seed_title_byline_dateline(
    number: str, title: str | None, byline: str | None, dateline: str | None
) -> None:
    article = seed(number)
    assert (article.title, article.byline, article.dateline) == (title, byline, dateline)


@pytest.mark.parametrize(
    ("number", "body_start"), [("002", "Pakistan has signed"), ("004", "Pakistan and the")]
)
def test_dateline_is_cut_from_the_first_body_line(number: str, body_start: str) -> None:
    assert seed(number).body.startswith(body_start)


def test_seed_003_standfirst_is_counted_once() -> None:
    article = seed("003")
    standfirst = "The agreement between the United States and Pakistan comes after India and Russia declared"
    assert article.body.count(standfirst) == 1
    assert "underground coal gasification" in article.body  # the longer, later copy is the one kept
    assert [block.kind for block in article.blocks][:2] == ["title", "boilerplate"]


def test_seed_000_headline_repeat_is_not_body() -> None:
    article = seed("000")
    assert kinds_of(article, article.title or "") == ["title", "title"]
    assert "Strike Deal" not in article.body


# ---------------------------------------------------------------- blocks


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("By Jane Doe, Staff Reporter", "byline"),
        ("By JANE DOE", "byline"),
        ("by Jane Doe and John Roe", "byline"),
        ("By working with a U.S. company, Pakistan hopes to attract foreign investment.", "body"),
        ("By Monday, the deal had closed.", "body"),
        ("12 Comments", "comments"),
        ("Leave a Reply", "comments"),
        ("Related Articles", "related_posts"),
        ("You may also like", "related_posts"),
        ("Read more", "related_posts"),
        ("READ MORE: Pakistan signs another deal", "related_link"),
        ("Read also: Pakistan signs another deal", "related_link"),
        ("Related: Pakistan signs another deal", "related_link"),
        ("* * *", "boilerplate"),
        ("Advertisement", "boilerplate"),
        ("What the deal means", "heading"),
        ("The deal was signed on Monday.", "body"),
        ("The official said:", "body"),
    ],
)
def test_line_kinds_after_a_title(line: str, kind: str) -> None:
    text = f"A Headline\n\n{line}\n\nA closing sentence of the body that is long enough to be a paragraph."
    blocks = split_blocks(text)
    assert [block.kind for block in blocks] == ["title", kind, "body"]


@pytest.mark.parametrize(
    ("first_line", "dateline", "body_start"),
    [
        ("ISLAMABAD: Pakistan signed a deal.", "ISLAMABAD", "Pakistan signed"),
        ("Islamabad: Pakistan signed a deal.", "Islamabad", "Pakistan signed"),
        ("LONDON (Reuters) - Shares rose on Monday.", "LONDON (Reuters)", "Shares rose"),
        ("NEW YORK, March 3 (Reuters) - Shares rose.", "NEW YORK, March 3 (Reuters)", "Shares rose"),
        ("WASHINGTON \u2014 The deal was signed.", "WASHINGTON", "The deal"),
        ("Update: The deal was signed.", None, "Update: The deal"),
        ("Pakistan - a country rich in minerals - signed.", None, "Pakistan - a country"),
        ("Pakistan has signed a deal.", None, "Pakistan has"),
    ],
)
def test_datelines(first_line: str, dateline: str | None, body_start: str) -> None:
    article = article_from_bytes(f"A Headline\n{first_line}\nMore text follows here.".encode())
    assert article.dateline == dateline
    assert article.body.startswith(body_start)
    assert_maps_exact(article)


def test_markdown_title() -> None:
    article = article_from_bytes(b"# A Headline\n\n## A section\n\nThe deal was signed on Monday.", "a.md")
    assert (article.id, article.title, article.body) == ("a", "A Headline", "The deal was signed on Monday.")
    assert [block.kind for block in article.blocks] == ["title", "heading", "body"]


def test_text_starting_like_a_binary_signature_is_still_text() -> None:
    assert article_from_bytes(b"BMW and RIFF are words.\nThe deal was signed.").body.startswith("BMW")


def test_exact_repeat_keeps_the_later_copy() -> None:
    repeated = "Officials said the deal was signed."
    text = f"{repeated}\nSomething else happened too.\n{repeated}"
    kinds = [block.kind for block in split_blocks(text)]
    assert kinds == ["boilerplate", "body", "body"]


def test_body_joins_blocks_and_maps_separators_to_the_previous_end() -> None:
    text = "Title Here\nFirst \u201cquoted\u201d  line.\n\nSecond\u00a0line.\n"
    article = article_from_bytes(text.encode())
    assert article.body == 'First "quoted" line.\n\nSecond line.'
    first_end = text.index("line.") + len("line.")
    separator = article.body.index("\n\n")
    assert article.body_map[separator : separator + 2] == [first_end, first_end]
    assert article.body_map[-1] == len(text) - 1
    assert article.to_text_span(0, 5) == (text.index("First"), text.index("First") + 5)


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pakistan\u2019s \u201cdeal\u201d", 'Pakistan\'s "deal"'),
        ("\u2018a\u2019 \u201ab\u201b \u2032 \u201e \u2033 \u00abc\u00bb", "'a' 'b' ' \" \" \"c\""),
        ("a\u00a0\u00a0b\t\tc  d", "a b c d"),
        ("zero\u200bwidth\ufeff joiner\u200d", "zerowidth joiner"),
        ("wait\u2026 \u2013 and \u2014 more", "wait\u2026 \u2013 and \u2014 more"),
        ("line one\nline two", "line one\nline two"),
        ("", ""),
    ],
)
def test_normalize_text(text: str, expected: str) -> None:
    normalised, offsets = normalize_text(text)
    assert normalised == expected
    assert len(offsets) == len(normalised) + 1
    assert offsets[-1] == len(text)


ODD_CHARS = "\u2018\u2019\u201c\u201d\u00ab\u00bb\u00a0\u2009\u3000\t\u200b\u200d\ufeff\u00ad\u2026\u2014 \n"


@given(st.text(alphabet=st.sampled_from("ab. " + ODD_CHARS) | st.characters(), max_size=80))
def test_normalize_text_offsets_point_at_the_source_character(text: str) -> None:
    normalised, offsets = normalize_text(text)
    assert len(offsets) == len(normalised) + 1
    assert offsets == sorted(set(offsets))  # strictly increasing
    assert offsets[-1] == len(text)
    for index, char in enumerate(normalised):
        assert derives_from(char, text[offsets[index]])
    assert "  " not in normalised and "\t" not in normalised
    assert normalize_text(normalised)[0] == normalised  # idempotent


WORDS = st.text(
    alphabet=st.sampled_from("abc D\u00e9.,'?" + ODD_CHARS.replace("\n", "")), min_size=1, max_size=8
)
# Sentences ending in a full stop, so that most lines are body rather than headings.
SENTENCES = st.lists(WORDS, min_size=1, max_size=14).map(lambda words: " ".join(words) + ".")
LINES = st.lists(SENTENCES, max_size=6)


@given(LINES, st.data())
def test_body_spans_map_back_to_text_that_normalises_the_same(lines: list[str], data: st.DataObject) -> None:
    try:
        article = article_from_bytes("\n".join(lines).encode())
    except UnreadableArticle:
        assume(False)
        return
    assert_maps_exact(article)
    paragraphs = article.body.split("\n\n")
    paragraph = data.draw(st.integers(0, len(paragraphs) - 1))
    offset = sum(len(p) + 2 for p in paragraphs[:paragraph])
    length = len(paragraphs[paragraph])
    assume(length > 0)
    start = offset + data.draw(st.integers(0, length - 1))
    end = data.draw(st.integers(start + 1, offset + length))
    text_start, text_end = article.to_text_span(start, end)
    assert normalize_text(article.text[text_start:text_end])[0] == article.body[start:end]


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_article_from_any_bytes_is_an_article_or_unreadable(data: bytes) -> None:
    try:
        article = article_from_bytes(data)
    except UnreadableArticle:
        return
    assert_maps_exact(article)


# ---------------------------------------------------------------- decoding and cleaning

# Accented Latin, a curly apostrophe, Greek and a Cyrillic word followed by "s": none is mojibake.
REAL_LETTERS = "Charg\u00e9s d\u2019Affaires, na\u00efve \u0391\u03b8\u03b7\u03bd\u03b1 \u043c\u0438\u0440s"


@pytest.mark.parametrize(
    ("data", "text", "encoding", "warnings"),
    [
        pytest.param(
            "Pakistan\u2019s deal".encode("utf-16"), "Pakistan\u2019s deal", "utf-16-le",
            ["decoded as utf-16-le"], id="utf-16-bom",
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + "caf\u00e9".encode("utf-16-be"), "caf\u00e9", "utf-16-be",
            ["decoded as utf-16-be"], id="utf-16-be-bom",
        ),
        pytest.param(
            "Pakistan\u2019s deal".encode("utf-32"), "Pakistan\u2019s deal", "utf-32-le",
            ["decoded as utf-32-le"], id="utf-32-bom",
        ),
        pytest.param(codecs.BOM_UTF8 + b"plain", "plain", "utf-8", [], id="utf-8-bom"),
        pytest.param(
            "Pakistan\u2019s \u201cdeal\u201d is worth \u20ac500 million.".encode("cp1252"),
            "Pakistan\u2019s \u201cdeal\u201d is worth \u20ac500 million.", "cp1252", ["decoded as cp1252"],
            id="cp1252-curly-quotes",
        ),
        pytest.param(
            "\u00c7a co\u00fbte tr\u00e8s cher \u00e0 Gen\u00e8ve.".encode("latin-1"),
            "\u00c7a co\u00fbte tr\u00e8s cher \u00e0 Gen\u00e8ve.", "cp1252", ["decoded as cp1252"],
            id="latin-1",
        ),
        pytest.param(
            "Pakistan\u00e2\u20ac\u2122s mineral wealth".encode(), "Pakistan\u2019s mineral wealth", "utf-8",
            ["repaired mojibake"], id="utf-8-mojibake",
        ),
        pytest.param(
            "Pakistan\u0e42s mineral wealth".encode(), "Pakistan\u2019s mineral wealth", "utf-8",
            ["replaced stray letters used as apostrophes"], id="thai-letter-apostrophe",
        ),
        pytest.param(
            REAL_LETTERS.encode(), REAL_LETTERS, "utf-8", [], id="real-letters-untouched",
        ),
    ],
)  # fmt: skip
def test_decode_bytes(data: bytes, text: str, encoding: str, warnings: list[str]) -> None:
    assert decode_bytes(data) == (text, encoding, warnings)


@given(st.binary(max_size=200))
def test_decode_bytes_never_raises(data: bytes) -> None:
    text, encoding, _ = decode_bytes(data)
    assert isinstance(text, str) and encoding


@pytest.mark.parametrize(
    ("text", "cleaned", "warnings"),
    [
        ("a\r\nb\rc\n", "a\nb\nc\n", []),
        ("tab\tkept", "tab\tkept", []),
        ("bell\x07 and nul\x00", "bell and nul", ["removed 2 control characters"]),
        ("page\fbreak", "page\nbreak", []),
    ],
)
def test_clean_text(text: str, cleaned: str, warnings: list[str]) -> None:
    assert clean_text(text) == (cleaned, warnings)


def test_nul_in_utf16_text_is_removed_with_a_warning() -> None:
    article = article_from_bytes("Headline\nThe deal\x00 was signed today.".encode("utf-16"))
    assert article.body == "The deal was signed today."
    assert article.warnings == ["decoded as utf-16-le", "removed 1 control character"]


# ---------------------------------------------------------------- unreadable files


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(codecs.BOM_UTF8, "empty file", id="bom-only"),
        pytest.param(b"  \n\t\r\n  ", "only whitespace", id="whitespace"),
        pytest.param(b"text with\x00\x00 NUL bytes in it", "binary file, not text", id="nul-bytes"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary file, not text", id="png-header"
        ),
        pytest.param(b"\x89PNG\r\n\x1a\n", "binary file, not text", id="png-signature-only"),
        pytest.param(b"\x1b\x07\x01\x02\x03abc\x04\x05", "too many control characters", id="control-chars"),
        pytest.param("\u200b\u200b\n\u00ad".encode(), "no text left after cleaning", id="invisible-only"),
    ],
)
def test_unreadable_files_raise(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableArticle) as caught:
        read_article(path)
    assert reason in caught.value.reason
    assert caught.value.path == str(path)


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(os, "fdopen", refuse)
    with pytest.raises(UnreadableArticle, match="larger than the 100-byte limit"):
        read_article(path, Settings(max_file_bytes=100))


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Some text.")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", deny)  # tests may run as root, where chmod 000 does not stop reads
    with pytest.raises(UnreadableArticle, match="permission denied"):
        read_article(path)


def test_stdin() -> None:
    article = read_article(STDIN, stdin=io.BytesIO(b"Headline\nThe deal was signed."))
    fields = (article.id, article.path, article.title, article.body)
    assert fields == ("stdin", "-", "Headline", "The deal was signed.")


def test_oversized_stdin() -> None:
    with pytest.raises(UnreadableArticle, match="larger than"):
        read_article(STDIN, Settings(max_file_bytes=5), stdin=io.BytesIO(b"123456"))


# ---------------------------------------------------------------- discovery and loading


def test_discover_paths_sorts_and_ignores_hidden_and_backup_files(tmp_path: Path) -> None:
    ignored = [".hidden.txt", ".#a.txt", "a.txt~", ".a.txt.swp", "#a.txt#"]
    for name in ["b.txt", "a.md", "C.TXT", "notes.json", *ignored]:
        (tmp_path / name).write_text("Text.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.txt").write_text("Text.")
    paths, skipped = discover_paths([tmp_path])
    assert [path.name for path in paths] == ["C.TXT", "a.md", "b.txt"]
    reasons = [(Path(item.path).name, item.reason) for item in skipped]
    assert reasons == [("notes.json", "not a .txt or .md file")]


def test_discover_paths_takes_named_files_and_stdin_once(tmp_path: Path) -> None:
    named = tmp_path / "article.json"
    named.write_text("Text.")
    (tmp_path / "b.txt").write_text("Text.")
    paths, _ = discover_paths([named, "-", tmp_path, str(tmp_path / "b.txt"), "-"])
    assert paths == [named, STDIN, tmp_path / "b.txt"]


def test_discover_paths_missing_input(tmp_path: Path) -> None:
    with pytest.raises(UnreadableArticle, match="no such file or directory"):
        discover_paths([tmp_path / "missing.txt"])


def test_discover_paths_folder_without_articles(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(NoArticlesFound, match="no .txt or .md files"):
        discover_paths([tmp_path])


def test_load_articles_keeps_good_files_when_one_is_bad(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Headline\nThe deal was signed.")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    other = tmp_path / "other" / "good.txt"  # same name, other folder: the id must stay unique
    other.parent.mkdir()
    other.write_text("Headline\nA different report of the deal.")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(good.read_bytes())
    articles, skipped = load_articles([good, empty, other, copy, tmp_path / "gone.txt"])
    ids = [(article.id, article.path) for article in articles]
    assert ids == [("good", str(good)), ("good-2", str(other))]
    assert [(item.path, item.reason) for item in skipped] == [
        (str(empty), "empty file"),
        (str(copy), f"same content as {good}"),
        (str(tmp_path / "gone.txt"), "no such file or directory"),
    ]


def test_article_sha256_is_of_the_raw_bytes(tmp_path: Path) -> None:
    data = "Headline\r\nThe deal\u2019s value.".encode("cp1252")
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    article = read_article(path)
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    assert article.text == "Headline\nThe deal\u2019s value."
