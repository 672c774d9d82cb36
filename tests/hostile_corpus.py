"""Generate the hostile corpus: files analysts really save by mistake, written as bytes into a folder.

Generated rather than committed, so binary and odd files (PNG bytes, UTF-16, symlink loops, a FIFO,
unreadable files) need no special handling in git. ``write_hostile_corpus(folder, seeds)`` returns what
each input must get: ``Expect.skip`` with a reason, ``Expect.duplicate`` of a seed (a seed re-encoded or
damaged in a way the loader repairs: counted once), ``Expect.used`` (a valid file without deal claims, so
the seeds' facts stay the same), or ``Expect.ignored`` (hidden files and editor backups: never mentioned).

Run it by hand to look at the files: ``python tests/hostile_corpus.py /tmp/hostile``.
"""

from __future__ import annotations

import codecs
import os
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
BIG_WORDS = 50_000

# Plain English with no deal in it: a file built from these is used, but adds no claim to the seeds' facts.
NEUTRAL = [
    "The weather in the capital was mild for most of the week.",
    "Residents said the new bus timetable had made mornings easier.",
    "A local library extended its opening hours during the school holidays.",
    "The football season ended with a quiet draw on a rainy afternoon.",
    "Volunteers planted trees along the river path on Saturday.",
    "Several shops on the main street repainted their windows in bright colours.",
    "The museum reopened its gallery of old maps after a long renovation.",
    "Farmers at the weekly market sold apples, honey and fresh bread.",
]
SPANISH = (
    "El gobierno anunció ayer un nuevo plan para mejorar las carreteras de la región, según informaron "
    "fuentes oficiales. Los trabajos comenzarán en la primavera y se espera que duren dos años. El "
    "ministro dijo que el proyecto es una prioridad para el país y que los vecinos serán consultados "
    "antes de cada fase de la obra. La oposición criticó el coste del plan y pidió más información."
)
URDU = (
    "شہر میں اس ہفتے موسم خوشگوار رہا اور شہریوں نے پارکوں میں وقت گزارا۔ مقامی انتظامیہ نے بتایا کہ "
    "نئی بس سروس سے صبح کے اوقات میں سفر آسان ہو گیا ہے اور لائبریری کے اوقات میں توسیع کی گئی ہے۔"
)
HTML_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Local news</title>\n'
    "<script>window.dataLayer = [];</script><style>body { font-family: serif; }</style></head>\n"
    '<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>\n'
    "<article><h1>A quiet week in the capital</h1>\n"
    + "".join(f"<p>{sentence}</p>\n" for sentence in NEUTRAL)
    + "</article><footer><p>Share this article</p></footer></body></html>\n"
)


@dataclass(frozen=True)
class Expect:
    """What one hostile input must get from the loader."""

    kind: str  # "skip", "duplicate", "used", "ignored"
    reason: str = ""  # for "skip": a substring of the reason; for "duplicate": the seed's file name

    @classmethod
    def skip(cls, reason: str) -> Expect:
        return cls("skip", reason)

    @classmethod
    def duplicate(cls, seed: str) -> Expect:
        return cls("duplicate", seed)


USED = Expect("used")
IGNORED = Expect("ignored")


def big_text(seed: int = 3, words: int = BIG_WORDS) -> str:
    """About ``words`` words of neutral sentences, shuffled into paragraphs that differ from one another."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        sentences = rng.sample(NEUTRAL, k=rng.randint(3, 6))
        paragraphs.append(f"Note {len(paragraphs) + 1}. " + " ".join(sentences))
        count += len(paragraphs[-1].split())
    return "Weekly notes\n\n" + "\n\n".join(paragraphs) + "\n"


def write_hostile_corpus(folder: Path, seeds: Path = SEEDS, *, big: bool = True) -> dict[str, Expect]:
    """Write the hostile files into ``folder`` (created); return each file name with what it must get.

    ``big=False`` leaves out the 50,000-word file, for tests that run the whole pipeline.
    """
    folder.mkdir(parents=True, exist_ok=True)
    seed = {path.name: path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt"))}
    s0, s1, s2, s3 = sorted(seed)[:4]
    expect: dict[str, Expect] = {}

    def put(name: str, data: bytes, expected: Expect) -> None:
        (folder / name).write_bytes(data)
        expect[name] = expected

    put("empty.txt", b"", Expect.skip("empty file"))
    put("whitespace.txt", b" \n\t\r\n   \n", Expect.skip("only whitespace"))
    put("png_bytes.txt", PNG, Expect.skip("binary file"))
    put("nul_bytes.txt", b"Some text\x00\x00\x00 with NUL bytes\x00 inside.\n", Expect.skip("binary file"))
    put(
        "pdf_by_mistake.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", Expect.skip("not a .txt or .md file")
    )
    put("photo.png", PNG, Expect.skip("not a .txt or .md file"))
    # Seeds re-encoded or damaged in ways the loader repairs: the same text again, so counted once.
    put("utf16_bom.txt", codecs.BOM_UTF16_LE + seed[s0].encode("utf-16-le"), Expect.duplicate(s0))
    put("cp1252_quotes.txt", seed[s1].replace("\n", "\r\n").encode("cp1252"), Expect.duplicate(s1))
    mojibake = _sloppy_cp1252(seed[s2].encode("utf-8"))  # "Pakistan’s" -> "Pakistanâ€™s"
    put("mojibake_utf8.txt", mojibake.encode("utf-8"), Expect.duplicate(s2))
    thai = re.sub("\u2019(?=s\\b)", "\u0e42", seed[s3])  # "Pakistan’s" -> "Pakistanโs"
    put("mojibake_thai.txt", thai.encode("utf-8"), Expect.duplicate(s3))
    controls = seed[s0].replace(". ", ".\x07 ", 3).replace("\n", "\x1b\n", 2)
    put("control_chars.txt", controls.encode("utf-8"), Expect.duplicate(s0))
    put("duplicate.txt", seed[s1].encode("utf-8"), Expect.duplicate(s1))
    # Valid files without a deal in them: read and used, no claim added.
    surrogate = NEUTRAL[0].encode("utf-8") + b" \xed\xa0\x80 " + NEUTRAL[1].encode("utf-8")  # lone surrogate
    put("lone_surrogate.txt", surrogate + b"\n", USED)
    put("no_sentence_end.txt", b"Markets were quiet on the day with little news from the region", USED)
    unbalanced = (
        f'Quiet week\n\nThe mayor said "{NEUTRAL[2]} {NEUTRAL[3]}\n\nShe added: {NEUTRAL[4]}"" \u201c\n'
    )
    put("unbalanced_quotes.txt", unbalanced.encode("utf-8"), USED)
    put("notes from the café – Zürich.txt", (" ".join(NEUTRAL[4:]) + "\n").encode("utf-8"), USED)
    if big:
        put("big_50k_words.txt", big_text().encode("utf-8"), USED)
    # Not an English article.
    put("spanish.txt", (SPANISH + "\n").encode("utf-8"), Expect.skip("not English (looks like Spanish)"))
    put("urdu.txt", (URDU + "\n").encode("utf-8"), Expect.skip("not English (looks like Arabic script)"))
    put("pasted_page.txt", HTML_PAGE.encode("utf-8"), Expect.skip("looks like an HTML page"))
    # Too large: a sparse file, so writing it costs nothing; it must be refused before it is read.
    with (folder / "huge.txt").open("wb") as stream:
        stream.truncate(5_000_001)
    expect["huge.txt"] = Expect.skip("larger than the 5000000-byte limit")
    _write_special_files(folder, seeds / s2, expect)
    for name in (".hidden.txt", ".#draft.txt", "draft.txt~", "#draft.txt#"):
        put(name, seed[s2].encode("utf-8"), IGNORED)
    (folder / "subfolder").mkdir(exist_ok=True)  # folders inside a folder are not searched
    (folder / "subfolder" / "inside.txt").write_bytes(seed[s0].encode("utf-8"))
    return expect


def _sloppy_cp1252(data: bytes) -> str:
    """Bytes read as windows-1252 the way browsers do it: the five unassigned bytes become C1 controls."""
    return "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in data)


def _write_special_files(folder: Path, seed_path: Path, expect: dict[str, Expect]) -> None:
    """Symlinks (loop, broken, out of the folder), a FIFO and an unreadable file."""
    (folder / "loop.txt").symlink_to("loop.txt")
    expect["loop.txt"] = Expect.skip("symlink loop")
    (folder / "broken_link.txt").symlink_to("does-not-exist.txt")
    expect["broken_link.txt"] = Expect.skip("broken symlink")
    (folder / "outside_link.txt").symlink_to(seed_path.resolve())
    expect["outside_link.txt"] = Expect.skip("symlink to outside the folder")
    os.mkfifo(folder / "fifo.txt")  # reading it would block forever
    expect["fifo.txt"] = Expect.skip("not a regular file")
    unreadable = folder / "unreadable.txt"
    unreadable.write_bytes(NEUTRAL[5].encode("utf-8"))
    unreadable.chmod(0)
    expect["unreadable.txt"] = Expect.skip("permission denied")


def write_empty_folder(folder: Path) -> dict[str, Expect]:
    """A folder with no article in it (only a spreadsheet): it is a skipped input of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "figures.xlsx").write_bytes(b"PK\x03\x04" + bytes(40))
    return {"figures.xlsx": Expect.skip("not a .txt or .md file"), ".": Expect.skip("no .txt or .md files")}


def can_read_unreadable(folder: Path) -> bool:
    """True when running as root (or similar): chmod 000 does not stop this process reading."""
    return os.access(folder / "unreadable.txt", os.R_OK)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    for name, expected in sorted(write_hostile_corpus(target).items()):
        print(f"{name!r:45} {expected.kind:9} {expected.reason}")
