"""Every article on a Caixin page as structured data (``caixin-sidebar.page/1``), from Python."""

import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from ._native import (
    BadUrlError as BadUrlError,
    CaixinError as CaixinError,
    ExportError as ExportError,
    NoUrlError as NoUrlError,
    PageTooLargeError as PageTooLargeError,
)

__version__: str
SCHEMA: str
MAX_HTML_BYTES: int
FORMATS: Tuple[str, str, str, str, str]

Page = Dict[str, Any]
Article = Dict[str, Any]
Html = Union[str, bytes]
WarcSource = Union[str, "os.PathLike[str]", Any]

def extract(html: Html, url: Optional[str] = None) -> Page:
    """The ``caixin-sidebar.page/1`` object, as ``caixin-export --url URL`` prints it."""

def articles(html: Html, url: Optional[str] = None) -> List[Article]:
    """``extract(html, url)["articles"]``."""

def render(page: Union[Page, str], format: str = "json") -> str:
    """The page as ``caixin-export --format FORMAT`` writes it (json, ndjson, csv, md, csl)."""

def records(page: Union[Page, str]) -> List[Dict[str, Any]]:
    """One flat record per article with ``page_url`` first: the CLI's batch NDJSON lines."""

class WarcPages(Iterator[Tuple[str, Any]]):
    """The Caixin pages of one WARC file, ``(url, page)`` in file order (``(url, records)`` with
    ``records=True``)."""
    def __init__(self, source: WarcSource, name: Optional[str] = None, *, records: bool = False) -> None: ...
    def __iter__(self) -> "WarcPages": ...
    def __next__(self) -> Tuple[str, Any]: ...
    @property
    def record(self) -> Optional[Tuple[int, int]]:
        """(number, offset) of the record of the last page yielded."""
    @property
    def summary(self) -> Dict[str, Any]:
        """pages, articles, skipped, failed, not_pages, records, truncated, gzip, bytes."""
    @property
    def failures(self) -> List[str]:
        """The failed records' reports, as the CLI prints them."""
    @property
    def name(self) -> str: ...

def read_warc(source: WarcSource, name: Optional[str] = None, *, records: bool = False) -> WarcPages:
    """Iterates over the Caixin pages of a WARC file (path or binary file object)."""

def to_pandas(pages_or_records: Iterable[Any]) -> Any:
    """A pandas.DataFrame, one row per article."""

def arrow_schema() -> Any:
    """The pyarrow.Schema of ``records``."""

def to_arrow(pages_or_records: Iterable[Any]) -> Any:
    """A pyarrow.Table with ``arrow_schema()``, one row per article."""
