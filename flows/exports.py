"""Every data table of a release as Parquet and CSV, streamed in chunks.

Rows are read in primary-key order in chunks of ``CHUNK_ROWS``, so a table
of any size is written in constant memory and two exports of the same
database give the same files. Parquet keeps every column with its type,
nulls and blobs; CSV leaves BLOB columns out (``embeddings.vector``), since
a vector as hex text would be larger than all the other columns together.
"""

from __future__ import annotations

import csv
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.dictionary import data_tables, table_columns

logger = logging.getLogger(__name__)

EXPORTS_DIR = "exports"
CHUNK_ROWS = 10_000
_ARROW_TYPES = {"TEXT": pa.string(), "INTEGER": pa.int64(), "FLOAT": pa.float64(),
                "REAL": pa.float64(), "NUMERIC": pa.float64(), "BLOB": pa.binary()}


@dataclass(frozen=True)
class Export:
    """The files one table was written to."""

    table: str
    rows: int
    csv: Path
    parquet: Path
    csv_columns: list[str]


def csv_columns(db_path: Path, table: str) -> list[str]:
    """The columns a table's CSV holds: every column but the BLOBs."""
    return [name for name, declared, _ in table_columns(db_path, table)
            if declared != "BLOB"]


def export_table(db_path: Path, table: str, folder: Path,
                 chunk_rows: int = CHUNK_ROWS) -> Export:
    """Write one table to ``folder/<table>.parquet`` and ``folder/<table>.csv``.

    Args:
        db_path: the release database, opened read-only.
        table: the table to export.
        folder: where the two files go; created if needed.
        chunk_rows: rows read and written at a time.

    Returns:
        What was written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    columns = table_columns(db_path, table)
    schema = pa.schema([(name, _ARROW_TYPES.get(declared, pa.string()))
                        for name, declared, _ in columns])
    keep = csv_columns(db_path, table)
    keep_at = [i for i, (name, _, _) in enumerate(columns) if name in keep]
    keys = [name for name, _, pk in sorted(columns, key=lambda c: c[2]) if pk]
    order = ", ".join(f"[{k}]" for k in keys) or "rowid"
    select = ", ".join(f"[{name}]" for name, _, _ in columns)
    csv_path, parquet_path = folder / f"{table}.csv", folder / f"{table}.parquet"
    rows = 0
    with (sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn,
          open(csv_path, "w", encoding="utf-8", newline="") as handle,
          pq.ParquetWriter(parquet_path, schema, compression="zstd") as writer):
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(keep)
        cursor = conn.execute(f"select {select} from [{table}] order by {order}")
        while chunk := cursor.fetchmany(chunk_rows):
            rows += len(chunk)
            out.writerows([row[i] for i in keep_at] for row in chunk)
            arrays = [pa.array([row[i] for row in chunk], type=field.type)
                      for i, field in enumerate(schema)]
            writer.write_batch(pa.record_batch(arrays, schema=schema))
        if rows == 0:
            writer.write_table(schema.empty_table())
    logger.debug("exported %s: %d rows", table, rows)
    return Export(table, rows, csv_path, parquet_path, keep)


def export_tables(db_path: Path, folder: Path,
                  chunk_rows: int = CHUNK_ROWS) -> list[Export]:
    """Export every data table of a release database; see :func:`export_table`."""
    exports = [export_table(db_path, table, folder, chunk_rows)
               for table in data_tables(db_path)]
    logger.info("exported %d tables to %s", len(exports), folder)
    return exports
