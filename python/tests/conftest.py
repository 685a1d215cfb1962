"""Shared by the pytest suite: the repository's golden fixtures, the CLI built from the same core
(``CAIXIN_EXPORT``, set by scripts/test-python.sh), and WARC files written with warcio."""

from __future__ import annotations

import io
import gzip
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


@dataclass(frozen=True)
class Fixture:
    name: str  # <site>/<slug>
    dir: Path
    url: str

    @property
    def source(self) -> Path:
        return self.dir / "source.html"

    def html(self) -> bytes:
        return self.source.read_bytes()


def all_fixtures() -> List[Fixture]:
    """Every tests/fixtures/<site>/<slug>/ with a source.html, its address from url.txt: as the
    golden harness (tests/golden.rs, tests/common/mod.rs) reads them."""
    out = []
    for site in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for d in sorted(p for p in site.iterdir() if (p / "source.html").exists()):
            out.append(Fixture(f"{site.name}/{d.name}", d, (d / "url.txt").read_text().strip()))
    return out


FIXTURE_LIST = all_fixtures()


def cli_path() -> str:
    p = os.environ.get("CAIXIN_EXPORT") or str(ROOT / "target" / "debug" / "caixin-export")
    if not Path(p).is_file():
        raise RuntimeError(f"no CLI at {p}: build it (cargo build --bin caixin-export) or set CAIXIN_EXPORT")
    return p


@dataclass
class Run:
    code: int
    stdout: bytes
    stderr: str


def cli(*args: str, stdin: Optional[bytes] = None) -> Run:
    """Runs caixin-export with the arguments."""
    p = subprocess.run([cli_path(), *args], input=stdin, capture_output=True, timeout=300)
    return Run(p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"))


def cli_error(run: Run) -> str:
    """The CLI's error message: its first stderr line without the `caixin-export: ` prefix."""
    first = run.stderr.splitlines()[0]
    assert first.startswith("caixin-export: "), run.stderr
    return first[len("caixin-export: ") :]


# --- WARC files written with warcio -----------------------------------------------------------

def http_response(html: bytes, encoding: Optional[str] = None, chunked: bool = False, content_type: str = "text/html; charset=utf-8") -> bytes:
    """An HTTP/1.1 200 response as a crawler stores it, body gzip-encoded and/or chunked."""
    body = html
    headers = [f"Content-Type: {content_type}"]
    if encoding == "gzip":
        body = gzip.compress(body)
        headers.append("Content-Encoding: gzip")
    if chunked:
        headers.append("Transfer-Encoding: chunked")
        step = 4096
        parts = [b"%x\r\n%s\r\n" % (len(body[i : i + step]), body[i : i + step]) for i in range(0, len(body), step)]
        body = b"".join(parts) + b"0\r\n\r\n"
    else:
        headers.append(f"Content-Length: {len(body)}")
    return ("HTTP/1.1 200 OK\r\n" + "\r\n".join(headers) + "\r\n\r\n").encode() + body


def write_warc(path: Path, entries: Sequence[Tuple[str, str, bytes]], gz: bool) -> None:
    """A WARC file of `entries` (kind, url, payload) written by warcio: `response` payloads are
    whole HTTP responses (kept as given, transfer and content coding included), `request`,
    `resource` and `metadata` records as warcio makes them."""
    from warcio.warcwriter import WARCWriter
    from warcio.statusandheaders import StatusAndHeaders

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "caixin-sidebar pytest"}))
        for kind, url, payload in entries:
            if kind == "response":
                # The HTTP message exactly as given: warcio would re-encode a parsed one.
                rec = w.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                           warc_content_type="application/http; msgtype=response",
                                           length=len(payload))
            elif kind == "request":
                req = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
                rec = w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req)
            elif kind == "resource":
                rec = w.create_warc_record(url, "resource", payload=io.BytesIO(payload),
                                           warc_content_type="text/html", length=len(payload))
            else:
                rec = w.create_warc_record(url, kind, payload=io.BytesIO(payload), warc_content_type="application/json", length=len(payload))
            w.write_record(rec)


def fixture_entries(fixtures: Sequence[Fixture]) -> List[Tuple[str, str, bytes]]:
    """Every fixture page as a crawl would hold it: a request then the response, the HTTP body
    plain, gzip, chunked or both in turn; one page as a `resource` record; a metadata record."""
    entries = []
    shapes = [(None, False), ("gzip", False), (None, True), ("gzip", True)]
    for i, f in enumerate(fixtures):
        entries.append(("request", f.url, b""))
        if i % 7 == 6:
            entries.append(("resource", f.url, f.html()))
        else:
            enc, chunked = shapes[i % len(shapes)]
            entries.append(("response", f.url, http_response(f.html(), enc, chunked)))
        if i % 5 == 0:
            entries.append(("metadata", f.url, b'{"fetchTimeMs": 12}'))
    return entries


@pytest.fixture(scope="session")
def warc_set(tmp_path_factory) -> List[Path]:
    """Two archives of every fixture page (one .warc.gz, one plain .warc, the pages split between
    them), with another site's page and a non-HTML response in each."""
    d = tmp_path_factory.mktemp("warcs")
    fx = FIXTURE_LIST
    half = len(fx) // 2
    other = ("response", "https://example.com/news/", http_response(b"<html><body><h2><a href='/a-1.html'>Elsewhere</a></h2></body></html>"))
    image = ("response", "https://www.caixin.com/logo.png", http_response(b"\x89PNG....", content_type="image/png"))
    a, b = d / "crawl-00000.warc.gz", d / "crawl-00001.warc"
    write_warc(a, fixture_entries(fx[:half]) + [other, image], gz=True)
    write_warc(b, [image] + fixture_entries(fx[half:]) + [other], gz=False)
    return [a, b]


def summary_line(stderr: str) -> str:
    """The CLI's last report line (`P pages, A articles; S skipped, F failed; R other WARC records`)."""
    return stderr.strip().splitlines()[-1]


def parse_json_lines(b: bytes) -> list:
    return [json.loads(line) for line in b.decode("utf-8").splitlines()]
