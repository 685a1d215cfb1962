"""The Spark job (caixin_sidebar.spark through examples/spark_warc.py) with spark-submit in local
mode on the WARC set, its output read back and compared with the CLI's batch over the same files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from conftest import ROOT, cli, parse_json_lines, summary_line
from caixin_sidebar.spark import PROVENANCE


def spark_submit(*args: str) -> subprocess.CompletedProcess:
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    cmd = [str(bin_dir / "spark-submit"), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
           "--driver-memory", "1g", str(ROOT / "examples" / "spark_warc.py"), *args]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    # spark-submit hands the Python driver's stderr to its own stdout: the reports are on either.
    p.stderr = p.stdout + p.stderr
    return p


def record_ranges(path: Path):
    """(offset, length) of every record of a .warc.gz, as warcio reads them."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        for record in it:
            record.content_stream().read()
            out.append((it.get_record_offset(), it.get_record_length()))
    return out


def job_counts(stderr: str) -> dict:
    m = re.search(r"caixin_sidebar\.spark: (\d+) pages, (\d+) articles; (\d+) skipped, (\d+) failed; (\d+) WARC inputs read, (\d+) failed", stderr)
    assert m, stderr[-3000:]
    return dict(zip(["pages", "articles", "skipped", "failed", "inputs", "inputs_failed"], map(int, m.groups())))


def cli_counts(stderr: str) -> dict:
    m = re.fullmatch(r"caixin-export: (\d+) pages, (\d+) articles; (\d+) skipped, (\d+) failed; (\d+) other WARC records", summary_line(stderr))
    return dict(zip(["pages", "articles", "skipped", "failed"], map(int, m.groups()[:4])))


def test_spark_job_parquet_and_ndjson_equal_the_cli(warc_set, tmp_path):
    listing = tmp_path / "warc.paths"
    listing.write_text("# the test's WARC set\n" + "".join(f"{p}\n" for p in warc_set[:1]) + f"file://{warc_set[1]}\n\n")
    run = cli("--format", "ndjson", *map(str, warc_set))
    assert run.code == 0, run.stderr
    want = parse_json_lines(run.stdout)
    want_counts = cli_counts(run.stderr)

    out = tmp_path / "articles.parquet"
    job = spark_submit(str(listing), str(out))
    assert job.returncode == 0, job.stderr[-5000:]
    counts = job_counts(job.stderr)
    assert {k: counts[k] for k in want_counts} == want_counts
    assert (counts["inputs"], counts["inputs_failed"]) == (2, 0)

    table = pq.read_table(out)
    rows = table.to_pylist()
    order = {str(p): i for i, p in enumerate(warc_set)}
    order[f"file://{warc_set[1]}"] = 1
    # Part files come back in any order; within a page, rows keep the article order (stable sort).
    rows.sort(key=lambda r: (order[r["warc_path"]], r["warc_record"]))
    assert all(r["warc_record"] >= 1 and r["warc_offset"] >= 0 for r in rows)
    got = [{k: v for k, v in r.items() if k not in PROVENANCE} for r in rows]
    # Parquet gives every field of the schema: the absent `trending` is null, as in the CLI's JSON.
    assert got == want
    assert table.schema.field("images").type.value_type.names == ["url", "caption", "credit"]

    # NDJSON, with the .warc.gz given record by record as byte ranges (as Common Crawl's index
    # gives them): the CLI's lines; a missing WARC file is counted and makes the exit code 1.
    ranges = record_ranges(warc_set[0])
    listing.write_text("".join(f"{warc_set[0]}\t{o}\t{n}\n" for o, n in ranges) + f"{warc_set[1]}\n{tmp_path / 'missing.warc.gz'}\n")
    out2 = tmp_path / "articles.ndjson"
    job = spark_submit("--output-format", "ndjson", "--num-output-partitions", "1", str(listing), str(out2))
    assert job.returncode == 1, job.stderr[-5000:]
    counts = job_counts(job.stderr)
    assert {k: counts[k] for k in want_counts} == want_counts
    assert (counts["inputs"], counts["inputs_failed"]) == (len(ranges) + 1, 1)
    assert "missing.warc.gz: cannot read it" in job.stderr
    lines = [line for part in sorted(out2.glob("part-*")) for line in part.read_text(encoding="utf-8").splitlines()]
    assert sorted(lines) == sorted(run.stdout.decode("utf-8").splitlines())
    assert len(lines) == len(want) > 100


def test_the_spark_schema_has_the_arrow_schemas_fields():
    # The Spark schema is converted from the Arrow one (a field added to the model fails the
    # Arrow test, record keys): this checks the conversion keeps every field and its shape.
    import caixin_sidebar
    from caixin_sidebar.spark import spark_schema

    spark_fields = spark_schema().fields
    arrow = caixin_sidebar.arrow_schema()
    assert [f.name for f in spark_fields] == arrow.names + list(PROVENANCE)

    def shape(spark_type):
        from pyspark.sql import types as T

        if isinstance(spark_type, T.ArrayType):
            return ["list", shape(spark_type.elementType)]
        if isinstance(spark_type, T.StructType):
            return {f.name: shape(f.dataType) for f in spark_type.fields}
        return spark_type.simpleString()

    def arrow_shape(t):
        import pyarrow as pa

        if pa.types.is_list(t):
            return ["list", arrow_shape(t.value_type)]
        if pa.types.is_struct(t):
            return {t.field(i).name: arrow_shape(t.field(i).type) for i in range(t.num_fields)}
        return {"string": "string", "int64": "bigint", "bool": "boolean"}[str(t)]

    for f in spark_fields[: len(arrow.names)]:
        assert shape(f.dataType) == arrow_shape(arrow.field(f.name).type), f.name
