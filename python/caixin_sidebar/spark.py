"""A Spark job over web archives, in the shape of Common Crawl's cc-pyspark: every article of every
Caixin page in a list of WARC files, one row per article.

Input: a text file (read by Spark: local, ``hdfs://``, ``s3a://``…) listing WARC inputs, one per
line (``#`` comments and blank lines ignored):

- ``PATH``: a whole WARC file, as in Common Crawl's ``warc.paths`` files;
- ``PATH OFFSET LENGTH`` (spaces or tabs): one record by its byte range in a ``.warc.gz``, as
  Common Crawl's URL index gives them (``warc_filename``, ``warc_record_offset``,
  ``warc_record_length``; cc-pyspark's ``CCIndexWarcSparkJob``): a year of Caixin captures is a
  few GB of such ranges instead of petabytes of whole files.

Each executor opens its inputs itself and streams them through the core's bounded reader
(:func:`caixin_sidebar.read_warc`): local paths and ``file://`` directly, ``s3://``, ``gs://``,
``hdfs://``… through ``pyarrow.fs`` (its S3 and HDFS clients; credentials from the usual
environment), ``http(s)://`` with ``urllib`` (Common Crawl's public HTTPS endpoint; a byte range
with a ``Range`` header).

Output: Parquet (default; one row per article: ``page_url``, the article's fields with lists and
nested objects as Spark arrays and structs, then ``warc_path``, ``warc_record`` and
``warc_offset`` naming the record it came from: for a whole file the record's number from 1 and
where it starts in the decompressed stream, as the CLI's reports name records; for a byte range,
no number and the range's offset in the file as stored) or NDJSON (``--output-format ndjson``: text part
files whose lines are exactly the CLI's ``caixin-export --format ndjson`` lines).

Counters (Spark accumulators, printed at the end and shown in the Spark UI): WARC inputs (files or
ranges) read and failed, pages, articles, skipped pages (other sites), failed records. As with
any accumulator updated in a transformation, a task that Spark runs again counts again.

Run::

    spark-submit --master 'local[*]' examples/spark_warc.py warc.paths out/articles.parquet
    python -m caixin_sidebar.spark warc.paths out/articles.parquet     # same, pyspark from pip

On a cluster the executors need the package: ship the wheel's virtualenv
(``venv-pack``, ``--archives venv.tar.gz#environment``) or install the wheel on every node; see the
README, "From Python and Spark".
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import Any, Dict, Iterable, Iterator, List, Optional

import caixin_sidebar

#: Extra columns of the Parquet output: where each article was read.
PROVENANCE = ("warc_path", "warc_record", "warc_offset")


def spark_schema():
    """The Parquet rows' Spark schema: :func:`caixin_sidebar.arrow_schema` as Spark types (one
    schema, converted by pyspark, so the two cannot drift apart), then the record's place
    (``warc_path``, ``warc_record``, ``warc_offset``)."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_schema

    schema = caixin_sidebar.arrow_schema()
    for name, t in zip(PROVENANCE, (pa.string(), pa.int64(), pa.int64())):
        schema = schema.append(pa.field(name, t))
    return from_arrow_schema(schema)


def read_range(uri: str, offset: int, length: int) -> bytes:
    """``length`` bytes of a file from ``offset`` (one gzip member: a complete ``.warc.gz``)."""
    if uri.startswith("file://"):
        uri = uri[len("file://") :]
    if "://" not in uri:
        with open(uri, "rb") as f:
            f.seek(offset)
            return f.read(length)
    if uri.startswith(("http://", "https://")):
        import urllib.request

        req = urllib.request.Request(uri, headers={"Range": f"bytes={offset}-{offset + length - 1}"})
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.read(length)
    from pyarrow import fs

    filesystem, path = fs.FileSystem.from_uri(uri)
    with filesystem.open_input_file(path) as f:
        return f.read_at(length, offset)


def open_warc(uri: str):
    """A WARC file for :func:`caixin_sidebar.read_warc`: a local path (also ``file://``) as is, a
    remote one as a binary stream (``pyarrow.fs`` for ``s3://``, ``gs://``, ``hdfs://``…, urllib
    for ``http(s)://``)."""
    if uri.startswith("file://"):
        return uri[len("file://") :]
    if "://" not in uri:
        return uri
    if uri.startswith(("http://", "https://")):
        import urllib.request

        return urllib.request.urlopen(uri, timeout=120)
    from pyarrow import fs

    filesystem, path = fs.FileSystem.from_uri(uri)
    return filesystem.open_input_stream(path)


class Counters:
    """The job's accumulators (created on the driver, added to by the executors)."""

    NAMES = ("inputs", "inputs_failed", "pages", "articles", "skipped", "failed")

    def __init__(self, sc) -> None:
        for n in self.NAMES:
            setattr(self, n, sc.accumulator(0))

    def values(self) -> Dict[str, int]:
        return {n: getattr(self, n).value for n in self.NAMES}


def process_warcs(lines: Iterable[str], counters: Counters, fmt: str) -> Iterator[Any]:
    """One partition of input lines: their articles, as dicts with provenance (``parquet``) or as
    the CLI's NDJSON lines (``ndjson``). An input that cannot be opened or read is counted and
    reported on the executor's stderr; the partition goes on."""
    for line in lines:
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        uri, span = fields[0], None
        try:
            if len(fields) == 3:
                span = (int(fields[1]), int(fields[2]))
                name = f"{uri} (bytes {span[0]}+{span[1]})"
                reader = caixin_sidebar._native.WarcReader(io.BytesIO(read_range(uri, *span)), name, True)
            elif len(fields) == 1:
                reader = caixin_sidebar._native.WarcReader(open_warc(uri), uri, True)
            else:
                raise ValueError("an input line is PATH or PATH OFFSET LENGTH")
        except (OSError, ValueError) as e:
            counters.inputs_failed.add(1)
            print(f"caixin_sidebar.spark: failed {line.strip()}: {e}", file=sys.stderr)
            continue
        try:
            for _url, text in reader:
                if fmt == "ndjson":
                    yield from text.splitlines()
                    continue
                record, offset = reader.record if span is None else (None, span[0])
                for article in text.splitlines():
                    row = json.loads(article)
                    row["warc_path"] = uri
                    row["warc_record"] = record
                    row["warc_offset"] = offset
                    yield row
        finally:
            s = reader.summary
            for line in reader.failures:
                print(f"caixin_sidebar.spark: failed {line}", file=sys.stderr)
            counters.inputs.add(1)
            counters.pages.add(s["pages"])
            counters.articles.add(s["articles"])
            counters.skipped.add(s["skipped"])
            counters.failed.add(s["failed"])


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="caixin_sidebar.spark",
        description="Every article of the Caixin pages in a list of WARC files, one row per article (Parquet or NDJSON).",
    )
    p.add_argument("input", help="text file listing WARC inputs, one per line: PATH, or PATH OFFSET LENGTH for one record (local, hdfs://, s3a://… as Spark reads text)")
    p.add_argument("output", help="output directory (Spark writes part files in it)")
    p.add_argument("--output-format", choices=("parquet", "ndjson"), default="parquet")
    p.add_argument("--num-input-partitions", type=int, default=None, help="partitions of the input list (default: Spark's default parallelism); one input is read by one task")
    p.add_argument("--num-output-partitions", type=int, default=None, help="output part files (default: one per input partition)")
    p.add_argument("--overwrite", action="store_true", help="replace the output directory if it exists")
    p.add_argument("--log-level", default="WARN", help="Spark's log level (default WARN)")
    return p.parse_args(argv)


def run(spark, args: argparse.Namespace) -> Dict[str, int]:
    """Runs the job on a SparkSession; returns the counters."""
    sc = spark.sparkContext
    counters = Counters(sc)
    partitions = args.num_input_partitions or sc.defaultParallelism
    uris = sc.textFile(args.input, minPartitions=partitions)
    # One WARC file per task: the list is small, so repartition it rather than trust the text
    # file's split (a few dozen lines fall into one split otherwise).
    uris = uris.repartition(partitions)
    fmt = args.output_format
    out = uris.mapPartitions(lambda part: process_warcs(part, counters, fmt))
    if args.num_output_partitions:
        out = out.coalesce(args.num_output_partitions)
    if fmt == "ndjson":
        if args.overwrite:
            _remove(spark, args.output)
        out.saveAsTextFile(args.output)
    else:
        df = spark.createDataFrame(out, schema=spark_schema())
        df.write.mode("overwrite" if args.overwrite else "errorifexists").parquet(args.output)
    return counters.values()


def _remove(spark, path: str) -> None:
    """Deletes a directory through Hadoop's file system (saveAsTextFile refuses an existing one)."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    p = jvm.org.apache.hadoop.fs.Path(path)
    p.getFileSystem(conf).delete(p, True)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("caixin-sidebar-warc").getOrCreate()
    spark.sparkContext.setLogLevel(args.log_level)
    try:
        c = run(spark, args)
    finally:
        spark.stop()
    # The CLI's summary line, with the files.
    print(
        f"caixin_sidebar.spark: {c['pages']} pages, {c['articles']} articles; {c['skipped']} skipped, {c['failed']} failed; "
        f"{c['inputs']} WARC inputs read, {c['inputs_failed']} failed",
        file=sys.stderr,
    )
    return 1 if c["failed"] or c["inputs_failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
