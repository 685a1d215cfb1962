"""caixin_sidebar against the CLI: every golden fixture, every format, hostile input, WARC sets."""

from __future__ import annotations

import io
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import caixin_sidebar
from conftest import FIXTURE_LIST, ROOT, cli, cli_error, http_response, parse_json_lines, summary_line, write_warc

FIXTURE_IDS = [f.name for f in FIXTURE_LIST]


def test_the_installed_package_is_tested():
    # Not the source folder (which has no compiled module): the wheel pip installed.
    assert "site-packages" in Path(caixin_sidebar.__file__).parts
    assert caixin_sidebar.SCHEMA == "caixin-sidebar.page/1"
    assert len(FIXTURE_LIST) >= 30


@pytest.mark.parametrize("fx", FIXTURE_LIST, ids=FIXTURE_IDS)
def test_every_fixture_equals_the_cli_json(fx):
    run = cli("--url", fx.url, str(fx.source))
    assert run.code == 0, run.stderr
    want = json.loads(run.stdout)
    got = caixin_sidebar.extract(fx.html(), fx.url)
    assert got == want
    # str in, the same page; articles() is the page's list.
    assert caixin_sidebar.extract(fx.html().decode("utf-8"), fx.url) == want
    assert caixin_sidebar.articles(fx.html(), fx.url) == want["articles"]
    # And the golden file itself (the CLI is the reference, expected.json the contract): the
    # seed's CONTRACT file holds a subset, the others are the whole document.
    if not (fx.dir / "CONTRACT").exists():
        assert got == json.loads((fx.dir / "expected.json").read_text())


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "md", "csl"])
@pytest.mark.parametrize("fx", FIXTURE_LIST, ids=FIXTURE_IDS)
def test_every_format_equals_the_cli_bytes(fx, fmt):
    run = cli("--format", fmt, "--url", fx.url, str(fx.source))
    assert run.code == 0, run.stderr
    page = caixin_sidebar.extract(fx.html(), fx.url)
    assert caixin_sidebar.render(page, fmt).encode("utf-8") == run.stdout
    # Also from the page's JSON text, and by the long format names.
    assert caixin_sidebar.render(json.dumps(page), {"md": "markdown", "csl": "csl-json"}.get(fmt, fmt)).encode("utf-8") == run.stdout


def test_without_url_the_page_states_its_own_as_the_cli():
    fx = next(f for f in FIXTURE_LIST if f.name == "caixin-global/cx-tech-2020-11-27")
    run = cli(str(fx.source))
    assert run.code == 0, run.stderr
    assert caixin_sidebar.extract(fx.html()) == json.loads(run.stdout)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


GOOD = b"""<html lang="en"><head><link rel="canonical" href="https://www.caixinglobal.com/live/"></head><body><div>
<h2><a href="/2020-11-27/alibabas-healthcare-unit-finds-tonic-for-profits-101633418.html">Alibaba\xe2\x80\x99s Healthcare Unit Finds Tonic for Profits</a></h2>
<p>Ding Yi / Nov 27, 2020 07:03 PM / Business &amp; Tech</p></div></body></html>"""

HOSTILE_PAGES = {
    # Invalid UTF-8, NUL bytes, bidi overrides and terminal escapes in titles and links.
    "bad-bytes": GOOD.replace(b"Tonic", b"To\xff\xfe\x00nic\xe2\x80\xae\x1b[2J"),
    # Deeper nesting than any real page (flattened by the core, with a warning).
    "deep": GOOD.replace(b"<div>", b"<div>" + b"<span>" * 20000, 1),
    # javascript: and data: links are no articles' links.
    "script-links": GOOD.replace(b'href="/2020', b'href="javascript:alert(1)//2020'),
    "empty": b"",
    "not-html": bytes(range(256)) * 64,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_PAGES))
def test_hostile_pages_give_what_the_cli_gives(tmp_path, name):
    html = HOSTILE_PAGES[name]
    url = "https://www.caixinglobal.com/live/"
    run = cli("--url", url, str(write(tmp_path, "page.html", html)))
    assert run.code == 0, run.stderr
    assert caixin_sidebar.extract(html, url) == json.loads(run.stdout)
    for fmt in caixin_sidebar.FORMATS:
        run = cli("--format", fmt, "--url", url, str(tmp_path / "page.html"))
        assert caixin_sidebar.render(caixin_sidebar.extract(html, url), fmt).encode() == run.stdout


def test_another_sites_page_is_read_as_the_cli_reads_it(tmp_path):
    fx = next(f for f in FIXTURE_LIST if f.name == "other/not-caixin")
    run = cli("--url", fx.url, str(fx.source))
    assert run.code == 0
    page = caixin_sidebar.extract(fx.html(), fx.url)
    assert page == json.loads(run.stdout)
    assert page["page"]["site"] == "other" and page["warnings"]


@pytest.mark.parametrize(
    "url,error,code",
    [
        ("ftp://www.caixin.com/", caixin_sidebar.BadUrlError, 2),
        ("not a url", caixin_sidebar.BadUrlError, 2),
        ("javascript:alert(1)", caixin_sidebar.BadUrlError, 2),
    ],
)
def test_a_bad_address_raises_with_the_cli_message(tmp_path, url, error, code):
    run = cli("--url", url, str(write(tmp_path, "page.html", GOOD)))
    assert run.code == code
    with pytest.raises(error) as e:
        caixin_sidebar.extract(GOOD, url)
    assert str(e.value) == cli_error(run)
    assert isinstance(e.value, caixin_sidebar.CaixinError) and isinstance(e.value, ValueError)


def test_a_page_stating_no_address_raises_with_the_cli_message(tmp_path):
    html = b"<html><body><h2><a href='/2020-11-27/x-101633418.html'>A title</a></h2></body></html>"
    run = cli(str(write(tmp_path, "page.html", html)))
    assert run.code == 1
    with pytest.raises(caixin_sidebar.NoUrlError) as e:
        caixin_sidebar.extract(html)
    assert str(e.value) == cli_error(run)


def test_a_page_over_32_mb_raises_with_the_cli_message(tmp_path):
    html = GOOD + b" " * (caixin_sidebar.MAX_HTML_BYTES + 1 - len(GOOD))
    run = cli("--url", "https://www.caixin.com/", str(write(tmp_path, "big.html", html)))
    assert run.code == 1
    for given in (html, html.decode()):
        with pytest.raises(caixin_sidebar.PageTooLargeError) as e:
            caixin_sidebar.extract(given, "https://www.caixin.com/")
        assert str(e.value) == cli_error(run)
    # Exactly at the limit: read.
    assert caixin_sidebar.extract(html[:-1], "https://www.caixin.com/")["articles"]


def test_an_unknown_format_raises_with_the_cli_message(tmp_path):
    run = cli("--format", "pdf", str(write(tmp_path, "page.html", GOOD)))
    assert run.code == 2
    page = caixin_sidebar.extract(GOOD)
    with pytest.raises(caixin_sidebar.ExportError) as e:
        caixin_sidebar.render(page, "pdf")
    assert str(e.value) == cli_error(run)


def test_wrong_types_and_broken_pages_raise():
    with pytest.raises(TypeError):
        caixin_sidebar.extract(12, "https://www.caixin.com/")
    with pytest.raises(TypeError):
        caixin_sidebar.render([], "json")
    with pytest.raises(caixin_sidebar.ExportError, match="not a caixin-sidebar.page/1 object"):
        caixin_sidebar.render({"schema": "caixin-sidebar.page/1"}, "csv")
    with pytest.raises(caixin_sidebar.ExportError):
        caixin_sidebar.render("{not json", "csv")


# --- WARC ---------------------------------------------------------------------------------------

def cli_batch(paths, fmt):
    run = cli("--format", fmt, *map(str, paths))
    return run


def counts(line: str) -> dict:
    """`P pages, A articles; S skipped, F failed; R other WARC records` as numbers."""
    import re

    m = re.fullmatch(r"caixin-export: (\d+) pages, (\d+) articles; (\d+) skipped, (\d+) failed; (\d+) other WARC records", line)
    assert m, line
    return dict(zip(["pages", "articles", "skipped", "failed", "not_pages"], map(int, m.groups())))


def test_read_warc_equals_the_cli_batch_over_the_same_warc_set(warc_set):
    run = cli_batch(warc_set, "json")
    assert run.code == 0, run.stderr
    want_pages = parse_json_lines(run.stdout)
    got_pages, totals = [], {"pages": 0, "articles": 0, "skipped": 0, "failed": 0, "not_pages": 0}
    for path in warc_set:
        pages = caixin_sidebar.read_warc(path)
        for url, page in pages:
            assert url == page["page"]["url"]
            got_pages.append(page)
        for k in totals:
            totals[k] += pages.summary[k]
        assert pages.summary["records"] == pages.summary["pages"] + pages.summary["skipped"] + pages.summary["failed"] + pages.summary["not_pages"]
        assert pages.summary["gzip"] == path.name.endswith(".gz") and not pages.summary["truncated"]
        assert pages.failures == []
    assert got_pages == want_pages
    assert len(got_pages) == len(FIXTURE_LIST) - 2  # the two other-site fixtures are skipped
    assert totals == counts(summary_line(run.stderr))
    # Every fixture page in the WARC gives what the fixture gives on its own.
    by_fixture = {f.url: f for f in FIXTURE_LIST}
    for page in got_pages:
        fx = by_fixture[page["page"]["url"]]
        assert page["articles"] or not caixin_sidebar.extract(fx.html(), fx.url)["articles"]


def test_records_equal_the_cli_ndjson_lines(warc_set):
    run = cli_batch(warc_set, "ndjson")
    assert run.code == 0, run.stderr
    want = parse_json_lines(run.stdout)
    got = [r for p in warc_set for _, page in caixin_sidebar.read_warc(p) for r in caixin_sidebar.records(page)]
    assert got == want
    # The same rows straight from the reader.
    fast = [r for p in warc_set for _, rs in caixin_sidebar.read_warc(p, records=True) for r in rs]
    assert fast == want
    # Arrow and pandas: every field of every record, in the schema's order.
    table = caixin_sidebar.to_arrow(caixin_sidebar.read_warc(warc_set[0]))
    first = [r for _, page in caixin_sidebar.read_warc(warc_set[0]) for r in caixin_sidebar.records(page)]
    assert table.schema.names == list(first[0].keys())
    assert table.to_pylist() == first
    df = caixin_sidebar.to_pandas(first)
    assert list(df.columns) == list(first[0].keys()) and len(df) == len(first)


@pytest.mark.parametrize("fmt", ["csv", "csl"])
def test_batch_csv_and_csl_from_the_package_equal_the_cli(warc_set, fmt):
    # What a user assembling a batch file by hand gets: the CLI's batch writes CSV once with its
    # header, CSL as one array with duplicates merged; the per-page renders hold the same rows.
    run = cli_batch(warc_set, fmt)
    assert run.code == 0
    pages = [page for p in warc_set for _, page in caixin_sidebar.read_warc(p)]
    if fmt == "csv":
        import csv

        want = list(csv.reader(io.StringIO(run.stdout.decode("utf-8-sig"))))
        got = [want[0]]
        for page in pages:
            got += list(csv.reader(io.StringIO(caixin_sidebar.render(page, "csv").lstrip("\ufeff"))))[1:]
        assert got == want
    else:
        want_ids = {item["id"] for item in json.loads(run.stdout)}
        got_ids = {item["id"] for page in pages for item in json.loads(caixin_sidebar.render(page, "csl")) if not item["id"].startswith("item-")}
        assert got_ids == {i for i in want_ids if not i.startswith("item-")}


def test_read_warc_takes_file_objects(warc_set):
    want = [p for _, p in caixin_sidebar.read_warc(warc_set[0])]
    with open(warc_set[0], "rb") as f:
        pages = caixin_sidebar.read_warc(f)
        assert [p for _, p in pages] == want
        assert pages.name == str(warc_set[0])
    stream = io.BytesIO(warc_set[0].read_bytes())
    pages = caixin_sidebar.read_warc(stream, name="in-memory")
    assert [p for _, p in pages] == want and pages.name == "in-memory"


def test_broken_records_are_counted_and_reported_as_the_cli(tmp_path):
    fx = [f for f in FIXTURE_LIST if f.name.startswith("caixin-global/")][:3]
    path = tmp_path / "broken.warc"
    write_warc(path, [("response", f.url, http_response(f.html())) for f in fx], gz=False)
    data = path.read_bytes()
    # A record whose Content-Length runs past its end, an undecodable body, then the file cut
    # inside a record: each reported, the rest read.
    bad_length = b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://www.caixin.com/x.html\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>more than ten bytes</p>\r\n\r\n"
    bad_body = http_response(b"not gzip at all", None).replace(b"Content-Type", b"Content-Encoding: gzip\r\nContent-Type", 1)
    second = tmp_path / "bad-body.warc"
    write_warc(second, [("response", "https://www.caixin.com/y.html", bad_body)], gz=False)
    path.write_bytes(data + bad_length + second.read_bytes() + b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nHTTP/1.1")
    run = cli_batch([path], "json")
    assert run.code == 1
    pages = caixin_sidebar.read_warc(path)
    got = [p for _, p in pages]
    assert got == parse_json_lines(run.stdout) and len(got) == 3
    s = pages.summary
    assert {k: s[k] for k in ("pages", "articles", "skipped", "failed", "not_pages")} == counts(summary_line(run.stderr))
    assert s["failed"] == 3 and s["truncated"]
    want_reports = [line[len("caixin-export: failed ") :] for line in run.stderr.splitlines() if line.startswith("caixin-export: failed ")]
    assert pages.failures == want_reports


def test_a_missing_warc_file_raises_oserror(tmp_path):
    with pytest.raises(OSError, match="cannot read it"):
        caixin_sidebar.read_warc(tmp_path / "none.warc.gz")


# --- threads and the GIL ------------------------------------------------------------------------

def test_extraction_releases_the_gil():
    """Another Python thread runs while extract() works: a counter thread advances during the call.
    With the interpreter's switch interval made huge, a call that kept the GIL would let no other
    thread run until it returned (shown by the control: sorted() holds the GIL)."""
    big = caixin_sidebar._native._sample_page(1500)
    data = [(i * 7919) % 1_000_003 for i in range(1_000_000)]
    count = 0
    stop = threading.Event()

    def counter():
        nonlocal count
        while not stop.is_set():
            count += 1
            # A sleep gives the GIL back each turn, so the main thread gets it whenever it asks
            # (pacing only: nothing here measures time).
            time.sleep(0.0001)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    t = threading.Thread(target=counter)
    t.start()
    try:
        def progress_during(call):
            before = count
            call()
            return count - before

        held = [progress_during(lambda: sorted(data)) for _ in range(3)]
        released = [progress_during(lambda: caixin_sidebar.extract(big, "https://www.caixinglobal.com/live/")) for _ in range(3)]
    finally:
        stop.set()
        sys.setswitchinterval(old)
        t.join()
    assert held == [0, 0, 0], held
    assert all(n > 0 for n in released), released


def test_threads_give_the_same_pages_as_one_thread():
    pages = [(f.html(), f.url) for f in FIXTURE_LIST] * 3
    one = [caixin_sidebar.extract(h, u) for h, u in pages]
    with ThreadPoolExecutor(4) as ex:
        four = list(ex.map(lambda p: caixin_sidebar.extract(*p), pages))
    assert four == one
