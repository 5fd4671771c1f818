"""Upload a published site to S3-compatible object storage: `invoke deploy-s3`.

A bucket serves each object with the headers stored with it and cannot choose between a `.br`
and a `.gz` copy per browser, so every file that has a `.gz` copy is stored under its own name
with the gzip bytes and `Content-Encoding: gzip` (every browser accepts gzip); other files are
stored as they are. Each object gets its media type (text in UTF-8) and `Cache-Control`: a year
and `immutable` for the hashed assets under `theme/`, `no-cache` for everything else. Objects
under the prefix that the new site no longer has are deleted only after every new object is
uploaded, so pages already open keep working meanwhile.

boto3 does the talking (credentials and endpoint from the usual AWS settings, or
`endpoint_url` for another provider); this module only decides what each object is.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".webmanifest": "application/manifest+json",
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
UPLOADS = 8  # objects sent at once


def objects(public: Path, prefix: str = "") -> list[dict]:
    """What to store for each file of the published folder: key, file to send and headers."""
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
    found = []
    for path in sorted(
        p for p in public.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")
    ):
        rel = path.relative_to(public).as_posix()
        compressed = path.with_name(path.name + ".gz")
        headers = {
            "ContentType": MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
            "CacheControl": IMMUTABLE if rel.startswith("theme/") else REVALIDATE,
        }
        if compressed.is_file():
            headers["ContentEncoding"] = "gzip"
        found.append(
            {
                "key": prefix + rel,
                "file": compressed if compressed.is_file() else path,
                "headers": headers,
            }
        )
    return found


def deploy(
    public: Path, bucket: str, prefix: str = "", endpoint_url: str | None = None, client=None
) -> tuple[int, int]:
    """Upload `public` to `bucket` under `prefix`; returns (objects uploaded, old objects
    deleted)."""
    if client is None:
        import boto3

        client = boto3.client("s3", endpoint_url=endpoint_url)
    made = objects(public, prefix)

    def put(item: dict) -> None:
        client.put_object(
            Bucket=bucket, Key=item["key"], Body=item["file"].read_bytes(), **item["headers"]
        )

    with ThreadPoolExecutor(UPLOADS) as pool:  # boto3 clients may be shared between threads
        list(pool.map(put, made))
    keys = {item["key"] for item in made}
    stale = [key for key in _keys(client, bucket, prefix) if key not in keys]
    for start in range(0, len(stale), 1000):
        client.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": key} for key in stale[start : start + 1000]]}
        )
    return len(made), len(stale)


def _keys(client, bucket: str, prefix: str) -> list[str]:
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]
