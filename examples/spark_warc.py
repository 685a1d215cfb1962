"""The Spark job over WARC files (caixin_sidebar.spark), as a file for spark-submit:

    spark-submit --master 'local[*]' examples/spark_warc.py warc.paths out/articles.parquet

Options: --output-format parquet|ndjson, --num-input-partitions N, --num-output-partitions N,
--overwrite. The package must be importable on the driver and the executors (README, "From Python
and Spark").
"""

import sys

from caixin_sidebar.spark import main

if __name__ == "__main__":
    sys.exit(main())
