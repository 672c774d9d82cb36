"""Block classification: page furniture, credits, contacts, flags, sign-offs and datelines are not body.

Every line is invented. One (line, expected kind) table per kind of furniture, and a table of body sentences
that look a little like furniture but must stay body.
"""

from __future__ import annotations

import pytest

from dealclaims.load import article_from_bytes, split_blocks
from dealclaims.models import BlockKind

BODY = "A closing sentence of the body that is long enough to be a paragraph of its own."


def kind_after_title(line: str) -> BlockKind:
    """The kind of ``line`` placed between a headline and a body paragraph."""
    blocks = split_blocks(f"A Headline About Something\n\n{line}\n\n{BODY}")
    assert [block.kind for block in blocks][0] == "title" and blocks[-1].kind == "body"
    kinds = [block.kind for block in blocks[1:-1]]
    assert len(kinds) == 1, kinds
    return kinds[0]


@pytest.mark.parametrize(
    "line",
    [
        "By Orla Penwick",
        "By Orla Penwick | Gazette staff writer",
        "by Teodor Malvane, Senior Editor | 5 March 2031",
        "By Orla Penwick, Business Correspondent",
        "Orla Penwick | 16 October 2031",
        "Orla Penwick, Senior Editor",
        "Teodor Malvane - Markets Reporter",
        "Staff writer",
        "Business Correspondent",
    ],
)
def test_bylines(line: str) -> None:
    assert kind_after_title(line) == "byline"


@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Orla Penwick; Editing by Teodor Malvane)",
        "(Additional reporting by Orla Penwick)",
        "Photo: Dock workers leave the east quay after the night shift. (Orla Penwick/The Daily Example)",
        "(Photo: Orla Penwick/Example Agency)",
        "(Example Press Photo/Orla Penwick, File)",
        "File photo: The company's tower in the old port district",
        "Photograph: Orla Penwick/Example Images",
        "(Orla Penwick/Example Agency)",
    ],
)
def test_credits(line: str) -> None:
    assert kind_after_title(line) == "credit"


@pytest.mark.parametrize(
    "line",
    [
        "Media contact: Orla Penwick, press@example.test",
        "Contact: press@example.test",
        "Investor contact:",
        "press@example.test",
        "+1 555 010 0199",
    ],
)
def test_contacts(line: str) -> None:
    assert kind_after_title(line) == "contact"


@pytest.mark.parametrize("line", ["Reuter", "REUTER", "Reuter...", "More", "more", "(END)", "-0-"])
def test_sign_offs(line: str) -> None:
    assert kind_after_title(line) == "sign_off"


@pytest.mark.parametrize(
    "line",
    [
        "A version of this article appears in print on May 2, 2030, Section C, Page 4.",
        "Section B, Page 1",
    ],
)
def test_print_notes(line: str) -> None:
    assert kind_after_title(line) == "boilerplate"


@pytest.mark.parametrize(
    "line",
    [
        "Read more: How the harbour changed hands",
        "Related: Orvane Mining weighs its options | Five charts on copper",
        "See also: The first bid, explained",
        "Photo gallery: The opening in pictures",
        "Watch: The minister at the signing",
        "Comments (14)",
    ],
)
def test_links_and_comments(line: str) -> None:
    assert kind_after_title(line) in {"related_link", "comments"}


@pytest.mark.parametrize(
    ("title_line", "flag", "title"),
    [
        (
            "UPDATE 2-Orvane to buy Belmark for $12 a share",
            "UPDATE 2",
            "Orvane to buy Belmark for $12 a share",
        ),
        ("URGENT: Orvane agrees to buy Belmark", "URGENT", "Orvane agrees to buy Belmark"),
        ("EXCLUSIVE-Orvane weighs Belmark bid", "EXCLUSIVE", "Orvane weighs Belmark bid"),
        ("BREAKING NEWS: Orvane buys Belmark", "BREAKING NEWS", "Orvane buys Belmark"),
    ],
)
def test_flags_split_off_titles(title_line: str, flag: str, title: str) -> None:
    article = article_from_bytes(f"{title_line}\n\n{BODY}".encode())
    assert [(block.kind, block.text) for block in article.blocks[:2]] == [("flag", flag), ("title", title)]
    assert article.title == title
    for block in article.blocks:
        assert article.text[block.start : block.end] == block.text


@pytest.mark.parametrize(
    ("first_line", "dateline", "body_start"),
    [
        ("SPRINGFIELD, Ill., May 2 - Orvane Corp said it agreed.", "SPRINGFIELD, Ill., May 2", "Orvane Corp"),
        (
            "LAKETON, Ont., May 2 (Example) - Orvane said it agreed.",
            "LAKETON, Ont., May 2 (Example)",
            "Orvane said",
        ),
        ("Laketon, May 2 - Orvane Corp said it agreed.", "Laketon, May 2", "Orvane Corp"),
        (
            "VELDA, Norland and LAKETON, Ont., May 2, 2030 - Orvane said it agreed.",
            "VELDA, Norland and LAKETON, Ont., May 2, 2030",
            "Orvane said",
        ),
        ("OLD HARBOUR - The terminal moved a step closer.", "OLD HARBOUR", "The terminal"),
        ("URGENT: LAKETON, May 2 (Example) - Orvane agreed.", "LAKETON, May 2 (Example)", "Orvane agreed"),
        ("Orvane, Belmark and Tessel - three suitors - bid.", None, "Orvane, Belmark"),
        ("Orvane, the miner, said: the deal is done.", None, "Orvane, the miner"),
        ("ORV and BLK - the two rivals - agreed to merge.", None, "ORV and BLK"),
        ("SPRINGFIELD, Ill. - Orvane Corp said it agreed.", "SPRINGFIELD, Ill.", "Orvane Corp"),
    ],
)
def test_datelines_split_off_the_first_paragraph(
    first_line: str, dateline: str | None, body_start: str
) -> None:
    article = article_from_bytes(f"A Headline\n{first_line}\nMore text follows here.".encode())
    assert article.dateline == dateline
    assert article.body.startswith(body_start)


def test_a_wire_dateline_is_split_off_a_later_paragraph() -> None:
    text = f"A Headline\n{BODY}\nLAKETON, Ont., May 3 - Orvane Corp raised its offer.\n"
    blocks = split_blocks(text)
    assert [(block.kind, block.text) for block in blocks[-2:]] == [
        ("dateline", "LAKETON, Ont., May 3 -"),
        ("body", "Orvane Corp raised its offer."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the two companies had agreed on a price of $12 a share.",
        "Orla Penwick, the chief executive, said the deal would close in May.",
        "Photos of the signing were shared by the ministry on Tuesday.",
        "Contacts between the two companies began last year, the people said.",
        "More than 1,800 people will work at the terminal once it opens.",
        "The minister said the union would be consulted on the plan.",
        "Reuters reported the talks earlier on Monday.",
        "Update: the deal was signed on Monday, the company said.",
        "Section 4 of the agreement lets the authority cancel the concession.",
        "Staff writers at the paper were told of the sale on Monday.",
        "Analysts at Tessel Partners said the price was full but defensible.",
    ],
)
def test_body_sentences_stay_body(line: str) -> None:
    assert kind_after_title(line) == "body"


@pytest.mark.parametrize("line", ["She is a reporter.", "He was the editor.", "Orla Penwick, the editor."])
def test_short_sentences_ending_in_a_role_stay_body(line: str) -> None:
    assert kind_after_title(line) in {"body", "heading"}


@pytest.mark.parametrize(
    ("last_line", "body_end", "sign_off"),
    [
        ("Orvane Corp said it would reply next week. Reuter", "reply next week.", "Reuter"),
        ("Orvane Corp said it would reply next week. REUTER", "reply next week.", "REUTER"),
        ("Orvane Corp said it would reply next week. (MORE)", "reply next week.", "(MORE)"),
        ("Orvane said it spoke to Reuters", "spoke to Reuters", None),
        ("Orvane said it had more.", "it had more.", None),
    ],
)
def test_a_trailing_sign_off_is_split_off_the_last_paragraph(
    last_line: str, body_end: str, sign_off: str | None
) -> None:
    blocks = split_blocks(f"A Headline\n{BODY}\n{last_line}")
    assert [block for block in blocks if block.kind != "sign_off"][-1].text.endswith(body_end)
    assert [block.text for block in blocks if block.kind == "sign_off"] == ([sign_off] if sign_off else [])
    text = f"A Headline\n{BODY}\n{last_line}"
    for block in blocks:
        assert text[block.start : block.end] == block.text
