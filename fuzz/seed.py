#!/usr/bin/env python3
"""Seeds for the fuzz targets, cut from the fixture pages (tests/fixtures/**/source.html).

    python3 fuzz/seed.py [OUT_DIR]     (default: fuzz/corpus-work; one folder per target)

extract: each page cut at tag boundaries into pieces of at most 512 and 2,000 bytes (short
         inputs run fast; each piece is still real Caixin markup), and the small pages whole.
dates:   every text node and attribute value that holds a digit (dates, times, ids, prices).
byline:  every short text node (bylines, names, role words, section labels).
url:     `PAGE_URL\\nHREF` for every href and src, against the fixture's own address.

Standard library only. File names are content hashes, so running it twice adds nothing.
"""

import hashlib
import html.parser
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fuzz" / "corpus-work"
PIECE_SIZES = (512, 2000)
WHOLE_MAX = 4096
TEXT_MAX = 256


def write(target: str, data: bytes) -> None:
    if not data:
        return
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def pieces(page: bytes, size: int):
    """Consecutive slices of at most `size` bytes, each cut just before a '<' when there is one."""
    start = 0
    while start < len(page):
        end = min(start + size, len(page))
        if end < len(page):
            cut = page.rfind(b"<", start + 1, end)
            if cut > start:
                end = cut
        yield page[start:end]
        start = end


class Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.attrs, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "data-src", "content") and (name != "content" or "/" in value):
                self.links.append(value)
            self.attrs.append(value)

    def handle_data(self, data):
        t = " ".join(data.split())
        if t:
            self.texts.append(t)


def main() -> None:
    fixtures = sorted((ROOT / "tests" / "fixtures").glob("*/*/source.html"))
    for src in fixtures:
        page = src.read_bytes()
        url = (src.parent / "url.txt").read_text().strip()
        if len(page) <= WHOLE_MAX:
            write("extract", page)
        for size in PIECE_SIZES:
            for p in pieces(page, size):
                write("extract", p)
        c = Collect()
        c.feed(page.decode("utf-8", "replace"))
        for t in c.texts + c.attrs:
            b = t.encode()[:TEXT_MAX]
            if any(ch.isdigit() for ch in t):
                write("dates", b)
            if len(t) <= 80:
                write("byline", b)
        for href in c.links:
            write("url", f"{url}\n{href}".encode())
    for target in ("extract", "dates", "byline", "url"):
        n = len(list((OUT / target).iterdir())) if (OUT / target).exists() else 0
        print(f"{target}: {n} files in {OUT / target}")


if __name__ == "__main__":
    main()
