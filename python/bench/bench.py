"""The figures of BENCHMARKS.md, "From Python and Spark", measured side by side in one run.

    python/bench/run.sh [N]          (builds the release wheel and the corpus, then runs this)
    python bench.py CORPUS_DIR CLI   (CORPUS_DIR from examples/bench_corpus.rs; RUNS=3 by default)

Rows: the CLI's batch over the corpus's .warc.gz (all cores, one thread); the package reading the
same .warc.gz (read_warc, one thread); the package's extract() over the pages in memory with 1, 2
and 4 threads; trafilatura (bare_extraction with metadata) over the same pages in memory; the
Spark job in local[2] over the pages split into 4 .warc.gz files beside the CLI over the same 4
files. Wall time is the median of RUNS runs; CPU time (user + sys of this process and its
children) is of the same runs.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import caixin_sidebar

RUNS = int(os.environ.get("RUNS", "3"))


def cpu_seconds() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def measure(fn, runs: int = RUNS):
    walls, cpus = [], []
    for _ in range(runs):
        c0, t0 = cpu_seconds(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(cpu_seconds() - c0)
    i = walls.index(statistics.median_low(walls))
    return walls[i], cpus[i]


def write_split_warcs(work, d: Path, parts: int):
    from warcio.warcwriter import WARCWriter

    paths = []
    for k in range(parts):
        p = d / f"part-{k:02}.warc.gz"
        with open(p, "wb") as f:
            w = WARCWriter(f, gzip=True)
            for html, url in work[k::parts]:
                http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(html) + html
                w.write_record(
                    w.create_warc_record(
                        url, "response", payload=io.BytesIO(http), warc_content_type="application/http; msgtype=response", length=len(http)
                    )
                )
        paths.append(p)
    return paths


def main() -> None:
    corpus, cli = Path(sys.argv[1]), os.path.abspath(sys.argv[2])
    files = sorted((corpus / "pages").glob("*.html"))
    pages = [p.read_bytes() for p in files]
    work = [(h, caixin_sidebar.extract(h)["page"]["url"]) for h in pages]
    n, mb = len(work), sum(map(len, pages)) / 1e6
    gz = corpus / "pages.warc.gz"
    rows = []

    def row(name, fn, runs=RUNS, pages_n=n):
        wall, cpu = measure(fn, runs)
        rows.append((name, wall, cpu, pages_n))
        print(f"  {name}: {wall:.2f} s, {cpu:.2f} s CPU", file=sys.stderr)

    def run_cli(*args):
        subprocess.run([cli, "--format", "ndjson", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    print(f"{n} pages, {mb:.1f} MB of HTML; {os.cpu_count()} cores; load average before: {os.getloadavg()}", file=sys.stderr)
    row("CLI batch, .warc.gz, all cores", lambda: run_cli(str(gz)))
    row("CLI batch, .warc.gz, 1 thread (-j 1)", lambda: run_cli("-j", "1", str(gz)))
    row("package: read_warc(.warc.gz), pages as dicts", lambda: sum(1 for _ in caixin_sidebar.read_warc(gz)))
    row("package: read_warc(.warc.gz, records=True)", lambda: sum(1 for _ in caixin_sidebar.read_warc(gz, records=True)))
    for threads in (1, 2, 4):

        def extract_all(threads=threads):
            with ThreadPoolExecutor(threads) as ex:
                for _ in ex.map(lambda w: caixin_sidebar.extract(*w), work):
                    pass

        row(f"package: extract() in memory, {threads} thread{'s' if threads > 1 else ''}", extract_all)

    try:
        import trafilatura

        def traf(threads=1):
            with ThreadPoolExecutor(threads) as ex:
                for _ in ex.map(lambda w: trafilatura.bare_extraction(w[0].decode("utf-8", "replace"), url=w[1], with_metadata=True), work):
                    pass

        row("trafilatura 2.3.1: bare_extraction() in memory, 1 thread", traf, runs=1)
        row("trafilatura 2.3.1: bare_extraction() in memory, 2 threads", lambda: traf(2), runs=1)
    except ImportError:
        print("  (trafilatura not installed: skipped)", file=sys.stderr)

    spark_rows = []
    with tempfile.TemporaryDirectory(prefix="caixin-bench-") as tmp:
        tmp = Path(tmp)
        warcs = write_split_warcs(work, tmp, 4)
        listing = tmp / "warc.paths"
        listing.write_text("".join(f"{p}\n" for p in warcs))
        wall, cpu = measure(lambda: run_cli(*map(str, warcs)))
        spark_rows.append(("CLI batch, the 4 .warc.gz, all cores", wall, cpu))
        from pyspark.sql import SparkSession

        from caixin_sidebar import spark as job

        t0 = time.perf_counter()
        spark = (
            SparkSession.builder.master("local[2]").appName("caixin-bench").config("spark.ui.enabled", "false").getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        started = time.perf_counter() - t0
        for fmt in ("parquet", "ndjson"):
            args = job.parse_args(["--output-format", fmt, "--overwrite", "--num-input-partitions", "4", str(listing), str(tmp / f"out-{fmt}")])
            counters = {}

            def run_job(args=args):
                counters.update(job.run(spark, args))

            # The first run warms the Python workers up; CPU time here is the driver's only (the
            # JVM is this process's child but runs on, and the workers are its children).
            wall, cpu = measure(run_job, RUNS + 1)
            spark_rows.append((f"Spark job, local[2], 4 tasks, {fmt} ({counters['articles']} articles)", wall, None))
        spark.stop()
        spark_rows.append(("Spark session start (local[2], once per job)", started, None))
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{n} pages, {mb:.1f} MB of HTML; {os.cpu_count()} cores; load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    base = rows[0][1]
    print("| what | wall time (median of runs) | pages/s | time ÷ CLI all cores | CPU time | pages per CPU second |")
    print("|---|---|---|---|---|---|")
    for name, wall, cpu, k in rows:
        print(f"| {name} | {wall * 1000:.0f} ms | {k / wall:.0f} | {wall / base:.2f}× | {cpu * 1000:.0f} ms | {k / cpu:.0f} |")
    print()
    base = spark_rows[0][1]
    print("| what (4 .warc.gz files of the same pages) | wall time | pages/s | time ÷ CLI |")
    print("|---|---|---|---|")
    for name, wall, _ in spark_rows:
        pages_s = f"{n / wall:.0f}" if not name.startswith("Spark session") else "—"
        print(f"| {name} | {wall * 1000:.0f} ms | {pages_s} | {wall / base:.2f}× |")


if __name__ == "__main__":
    main()
