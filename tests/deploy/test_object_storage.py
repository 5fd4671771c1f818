"""The object-storage recipe of `docs/deploy.md`, run as written against a local S3-compatible
server (moto in server mode, on loopback), then the site fetched back over HTTP from the bucket."""

from __future__ import annotations

import gzip
import logging
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from .nginx import DOC, ROOT, free_port
from .test_nginx import TYPES

BUCKET = "portal-test"
PREFIX = "phong-chong-mua-ban-nguoi"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
BUCKET_TYPES = {
    **TYPES,
    ".json": "application/json",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".js": "text/javascript; charset=utf-8",
}


def _section() -> str:
    return DOC.read_text(encoding="utf-8").split("## 3b.")[1].split("## 3c.")[0]


def documented_command() -> str:
    commands = re.findall(r"```sh\n(.*?)```", _section(), re.S)
    assert len(commands) == 1 and "invoke deploy-s3" in commands[0]
    return commands[0].strip()


def documented_policy() -> str:
    policies = re.findall(r"```json\n(.*?)```", _section(), re.S)
    assert len(policies) == 1
    return policies[0]


@pytest.fixture(scope="module")
def s3_server(monkeypatch_module):
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    for name, value in CREDENTIALS.items():
        monkeypatch_module.setenv(name, value)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def uploaded(s3_server, published_for_bucket):
    import boto3

    client = boto3.client("s3", endpoint_url=s3_server)
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=documented_policy().replace("my-bucket", BUCKET))
    client.put_object(Bucket=BUCKET, Key=f"{PREFIX}/old-page/index.html", Body=b"old")
    command = (
        documented_command()
        .replace(".venv/bin/invoke", f"{Path(sys.executable).parent}/invoke")
        .replace("my-bucket", BUCKET)
    )
    command += f" --folder {published_for_bucket} --endpoint-url {s3_server}"
    done = subprocess.run(
        command,
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **CREDENTIALS},
    )
    assert done.returncode == 0, done.stderr
    return s3_server


@pytest.fixture(scope="module")
def published_for_bucket(tmp_path_factory, s3_server):
    """Published for the address the bucket serves it from (path-style, as the test fetches it)."""
    from conftest import FIXTURE
    from portal.commands.publish import publish

    public = tmp_path_factory.mktemp("bucket") / "public"
    return publish(FIXTURE / "settings.py", public, siteurl=f"{s3_server}/{BUCKET}/{PREFIX}")


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers, response.read()


def test_every_object_has_its_type_encoding_and_caching(uploaded, published_for_bucket):
    public = published_for_bucket
    wrong = []
    for path in sorted(
        p for p in public.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")
    ):
        rel = path.relative_to(public).as_posix()
        headers, body = fetch(f"{uploaded}/{BUCKET}/{PREFIX}/{rel}")
        compressed = path.with_name(path.name + ".gz").exists()
        data = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
        cache = "public, max-age=31536000, immutable" if rel.startswith("theme/") else "no-cache"
        if (
            data != path.read_bytes()
            or headers["Content-Type"] != BUCKET_TYPES.get(path.suffix)
            or headers["Cache-Control"] != cache
        ):
            wrong.append(f"{rel}: {headers['Content-Type']}, {headers['Cache-Control']}")
        if compressed != (headers.get("Content-Encoding") == "gzip"):
            wrong.append(f"{rel}: Content-Encoding {headers.get('Content-Encoding')}")
    assert wrong == []


def test_objects_the_new_site_no_longer_has_are_deleted(uploaded):
    import boto3

    keys = [
        o["Key"]
        for o in boto3.client("s3", endpoint_url=uploaded).list_objects_v2(
            Bucket=BUCKET, Prefix=PREFIX
        )["Contents"]
    ]
    assert f"{PREFIX}/index.html" in keys
    assert f"{PREFIX}/old-page/index.html" not in keys
