"""Writes one dataset as `data/<name>.json`, `data/<name>.csv` and `data/<name>.schema.json`.

- JSON: an array of objects, one per row, every column present (null when empty), keys sorted,
  one row per line; no timestamps, so two builds give the same bytes.
- CSV: UTF-8 with a byte-order mark (so spreadsheets pick the encoding), one header row, RFC 4180
  quoting, `\\r\\n` line ends, the columns in schema order; lists joined with `;` (codes) or a
  line break (texts), empty cells for empty values, `true`/`false` for yes/no.
- JSON Schema (draft 2020-12): the array of rows; `items.required` lists the columns in the CSV's
  order.
"""

from __future__ import annotations

import csv
import io
import json

from .columns import Row, csv_value, json_value
from .datasets import Dataset

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def records(dataset: Dataset, rows: list[Row]) -> list[dict]:
    return [
        {column.name: json_value(column.get(row)) for column in dataset.columns} for row in rows
    ]


def json_text(items: list[dict]) -> str:
    lines = [json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def schema_of(dataset: Dataset, schema_url: str, licence_url: str) -> dict:
    return {
        "$schema": DIALECT,
        "$id": schema_url,
        "title": dataset.title_en,
        "x-title-vi": dataset.title_vi,
        "description": f"{dataset.about_en} The CSV file has the columns listed in "
        "items.required, in that order.",
        "x-description-vi": f"{dataset.about_vi} Tệp CSV có các cột liệt kê trong "
        "items.required, theo đúng thứ tự đó.",
        "x-licence": licence_url,
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": [column.name for column in dataset.columns],
            "properties": {column.name: column.json_schema() for column in dataset.columns},
        },
    }


def csv_text(dataset: Dataset, rows: list[Row]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in dataset.columns])
    for row in rows:
        writer.writerow([csv_value(column, column.get(row)) for column in dataset.columns])
    return out.getvalue()


def dataset_files(dataset: Dataset, rows: list[Row], schema: dict) -> dict[str, bytes]:
    """File name → bytes: the dataset's JSON, JSON Schema and CSV."""
    return {
        f"{dataset.name}.json": json_text(records(dataset, rows)).encode("utf-8"),
        f"{dataset.name}.schema.json": (
            json.dumps(schema, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
        ).encode("utf-8"),
        f"{dataset.name}.csv": csv_text(dataset, rows).encode("utf-8-sig"),
    }
