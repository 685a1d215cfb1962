"""Every article on a Caixin page as structured data, from Python.

The same Rust core as the browser sidebar and the ``caixin-export`` CLI (bound with PyO3): the
dicts here are the CLI's JSON (``caixin-sidebar.page/1``, docs/export-contract.md) read by
``json.loads``, and the exports are the CLI's bytes.

>>> import caixin_sidebar
>>> page = caixin_sidebar.extract(open("page.html", "rb").read(), "https://www.caixinglobal.com/live/")  # doctest: +SKIP
>>> [a["title"] for a in page["articles"]]  # doctest: +SKIP
>>> for url, page in caixin_sidebar.read_warc("crawl.warc.gz"):  # doctest: +SKIP
...     ...

Extraction and rendering run without the GIL: threads (``concurrent.futures.ThreadPoolExecutor``)
extract pages in parallel.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from . import _native
from ._native import (
    MAX_HTML_BYTES,
    SCHEMA,
    BadUrlError,
    CaixinError,
    ExportError,
    NoUrlError,
    PageTooLargeError,
)

__all__ = [
    "extract",
    "articles",
    "render",
    "records",
    "read_warc",
    "WarcPages",
    "to_pandas",
    "to_arrow",
    "arrow_schema",
    "FORMATS",
    "SCHEMA",
    "MAX_HTML_BYTES",
    "CaixinError",
    "BadUrlError",
    "NoUrlError",
    "PageTooLargeError",
    "ExportError",
]

__version__ = "0.1.0"

#: The five export formats, by the names the CLI's ``--format`` takes.
FORMATS = ("json", "ndjson", "csv", "md", "csl")

Page = Dict[str, Any]
Html = Union[str, bytes]


def extract(html: Html, url: Optional[str] = None) -> Page:
    """The page's ``caixin-sidebar.page/1`` object: what ``caixin-export --url URL page.html`` prints.

    ``html`` is ``str`` or ``bytes`` (read as UTF-8, invalid bytes replaced, as the CLI reads a
    file). Without ``url``, the address the page states for itself (``<link rel=canonical>``,
    ``og:url``, a saving browser's comment) is used, as the CLI without ``--url``.

    Raises ``BadUrlError`` (not an http(s) URL), ``NoUrlError`` (no ``url`` and none stated),
    ``PageTooLargeError`` (over 32 MB): subclasses of ``CaixinError`` (a ``ValueError``), with
    the CLI's messages. A page of another site is no error: it gives a page with no articles and
    a warning, as in the CLI.
    """
    return json.loads(_native.extract_json(html, url))


def articles(html: Html, url: Optional[str] = None) -> List[Dict[str, Any]]:
    """The page's articles (``extract(html, url)["articles"]``)."""
    return extract(html, url)["articles"]


def _page_json(page: Union[Page, str]) -> str:
    if isinstance(page, str):
        return page
    if not isinstance(page, dict):
        raise TypeError(f"page must be a dict (as extract() returns) or its JSON, not {type(page).__name__}")
    return json.dumps(page, ensure_ascii=False)


def render(page: Union[Page, str], format: str = "json") -> str:
    """The page in one format, byte for byte what ``caixin-export --format FORMAT`` writes for it.

    ``format`` is ``json``, ``ndjson``, ``csv``, ``md`` (or ``markdown``) or ``csl`` (CSL-JSON).
    ``page`` is a dict as :func:`extract` returns it (or its JSON text). Raises ``ExportError``
    for an unknown format or a dict that is not a page.
    """
    return _native.render_json(_page_json(page), format)


def records(page: Union[Page, str]) -> List[Dict[str, Any]]:
    """One flat record per article: the article's fields with the page's address first
    (``page_url``), as the lines of the CLI's batch NDJSON. Ready for ``pandas.DataFrame`` or
    ``pyarrow.Table.from_pylist`` (see :func:`to_pandas`, :func:`to_arrow`)."""
    return [json.loads(line) for line in _native.records_ndjson(_page_json(page)).splitlines()]


class WarcPages:
    """The Caixin pages of one WARC file, as ``(url, page)`` pairs in file order (with
    ``records=True``, ``(url, records)``: the page's :func:`records`, one per article).

    Reads with the core's bounded reader (the CLI's): plain or gzip, HTTP chunking and gzip or
    deflate bodies undone, pages of other sites skipped, broken records reported and passed. Once
    iterated to the end, :attr:`summary` holds the CLI's final counts, and :attr:`failures` the
    reports of the records that failed.
    """

    def __init__(self, source: Union[str, "os.PathLike[str]", Any], name: Optional[str] = None, *, records: bool = False) -> None:
        if isinstance(source, (str, bytes, os.PathLike)):
            source = os.fspath(source)
            if isinstance(source, bytes):
                source = os.fsdecode(source)
        self._records = records
        self._reader = _native.WarcReader(source, name, records)

    def __iter__(self) -> "WarcPages":
        return self

    def __next__(self) -> Tuple[str, Any]:
        url, text = next(self._reader)
        if self._records:
            return url, [json.loads(line) for line in text.splitlines()]
        return url, json.loads(text)

    @property
    def record(self) -> Optional[Tuple[int, int]]:
        """``(number, offset)`` of the WARC record of the last page yielded (numbers from 1; the
        offset in the decompressed stream of a ``.warc.gz``), as the CLI's reports name records."""
        return self._reader.record

    @property
    def summary(self) -> Dict[str, Any]:
        """Counts so far: ``pages``, ``articles``, ``skipped`` (other sites' pages), ``failed``,
        ``not_pages`` (other records), ``records``, ``truncated``, ``gzip``, ``bytes``."""
        return self._reader.summary

    @property
    def failures(self) -> List[str]:
        """Each failed record's report as the CLI prints it after ``caixin-export: failed ``
        (``FILE: record N (offset B): why``)."""
        return self._reader.failures

    @property
    def name(self) -> str:
        """The file's name in the reports."""
        return self._reader.name


def read_warc(source: Union[str, "os.PathLike[str]", Any], name: Optional[str] = None, *, records: bool = False) -> WarcPages:
    """Iterates over the Caixin pages of a WARC file (``.warc`` or ``.warc.gz``): ``(url, page)``,
    or with ``records=True`` ``(url, records)`` (:func:`records` of the page, made in Rust: the
    cheaper way to one row per article).

    ``source`` is a path (a regular file, as the CLI reads) or a binary file object (anything
    with ``read(n)``: ``open(p, "rb")``, ``pyarrow.fs`` input streams, ``io.BytesIO``). ``name``
    names it in the failure reports (default: the path, or the object's ``name``).

    >>> pages = read_warc("crawl.warc.gz")  # doctest: +SKIP
    >>> for url, page in pages: ...  # doctest: +SKIP
    >>> pages.summary  # doctest: +SKIP
    {'pages': 1000, 'articles': 12000, 'skipped': 3, 'failed': 0, ...}

    Raises ``OSError`` when a path cannot be opened.
    """
    return WarcPages(source, name, records=records)


def _rows(pages_or_records: Iterable[Any]) -> List[Dict[str, Any]]:
    rows: List[Dict[str, Any]] = []
    for item in pages_or_records:
        if isinstance(item, tuple) and len(item) == 2:
            item = item[1]
        if isinstance(item, dict) and "articles" in item and "schema" in item:
            rows.extend(records(item))
        elif isinstance(item, dict):
            rows.append(item)
        else:
            raise TypeError(f"expected pages, (url, page) pairs or records, not {type(item).__name__}")
    return rows


def to_pandas(pages_or_records: Iterable[Any]):
    """A ``pandas.DataFrame``, one row per article (:func:`records`), from pages, ``(url, page)``
    pairs (as :func:`read_warc` yields) or records. Lists and nested objects stay Python objects
    in their cells. Needs pandas."""
    import pandas as pd

    return pd.DataFrame(_rows(pages_or_records))


def arrow_schema():
    """The Arrow schema of :func:`records` (``page_url`` then the article's fields, nested ones
    as structs and lists). Needs pyarrow."""
    import pyarrow as pa

    s = pa.string()
    return pa.schema(
        [
            ("page_url", s),
            ("id", s),
            ("url", s),
            ("title", s),
            ("section", s),
            ("byline", s),
            ("authors", pa.list_(s)),
            ("published", s),
            ("published_text", s),
            ("url_date", s),
            ("summary", s),
            ("body", pa.list_(s)),
            ("images", pa.list_(pa.struct([("url", s), ("caption", s), ("credit", s)]))),
            ("related", pa.list_(pa.struct([("title", s), ("url", s)]))),
            ("contacts", pa.list_(pa.struct([("role", s), ("name", s), ("email", s)]))),
            (
                "trending",
                pa.struct(
                    [
                        ("hashtag", s),
                        ("hashtag_translation", s),
                        ("whats_trending", pa.list_(s)),
                        ("story", pa.list_(s)),
                        ("reactions", pa.list_(s)),
                    ]
                ),
            ),
            ("word_count", pa.int64()),
            ("paywalled", pa.bool_()),
            ("truncated", pa.bool_()),
            ("full_story_url", s),
            ("tags", pa.list_(s)),
            ("role", s),
            ("updated", s),
            ("translations", pa.list_(pa.struct([("lang", s), ("url", s), ("title", s)]))),
            ("key", s),
        ]
    )


def to_arrow(pages_or_records: Iterable[Any]):
    """A ``pyarrow.Table`` with :func:`arrow_schema`, one row per article. Needs pyarrow."""
    import pyarrow as pa

    return pa.Table.from_pylist(_rows(pages_or_records), schema=arrow_schema())
