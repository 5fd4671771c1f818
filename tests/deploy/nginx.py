"""Debian's nginx on a loopback port, configured with the blocks `docs/deploy.md` shows.

The test does not write its own server configuration: it reads the ```nginx blocks of the
document (the headers snippets, each named by its first line, and the server block) and changes only
what must differ on a test machine, each change listed in `LOCAL`: the `listen` line (a loopback
port, no TLS), the `root` folder, and, for a site at the domain root, the sub-path replaced by `/`
as the document says. What the document leaves to Debian's `nginx.conf` (the module, the pid file,
logs) is written around it in `MAIN`, so nginx runs as this user, in the foreground, from a
temporary folder.

>>> server, _ = doc_blocks()
>>> print(local_server(server, port=8080, root="/tmp/www", prefix="/")[:80].splitlines()[1])
    listen 127.0.0.1:8080;
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "deploy.md"
NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
DOC_PREFIX = "/phong-chong-mua-ban-nguoi/"
MAIN = """{user}load_module {module};
daemon off;
master_process on;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    default_type application/octet-stream;
{server}
}}
"""


def doc_blocks() -> tuple[str, dict[str, str]]:
    """(server block, {snippet file name: its text}) as `docs/deploy.md` shows them; a snippet's
    first line names its file (`# /etc/nginx/snippets/portal-headers.conf`)."""
    blocks = re.findall(r"```nginx\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    servers = [b for b in blocks if b.lstrip().startswith("server {")]
    snippets = {
        re.fullmatch(r"# /etc/nginx/snippets/(\S+)", b.split("\n")[0])[1]: b
        for b in blocks
        if b not in servers
    }
    assert len(servers) == 1 and "portal-headers.conf" in snippets, (
        "docs/deploy.md must show one server block and the headers snippet"
    )
    return servers[0], snippets


LOCAL = [  # (pattern in the document's server block, replacement on the test machine)
    (r"listen 443 ssl;", "listen 127.0.0.1:{port};"),
    (r"root /srv/www;", "root {root};"),
    (r"include mime.types;", "include /etc/nginx/mime.types;"),
]


def local_server(server: str, port: int, root: str, prefix: str) -> str:
    for pattern, replacement in LOCAL:
        server, count = re.subn(
            re.escape(pattern), replacement.format(port=port, root=root), server
        )
        assert count == 1, f"docs/deploy.md's server block no longer has {pattern!r}"
    return server.replace(DOC_PREFIX, prefix)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def nginx(www: Path, port: int, prefix: str):
    """Run nginx serving `www` (the document's `/srv/www`) with the site under `prefix`."""
    folder = www.parent / f"nginx-{port}"
    (folder / "snippets").mkdir(parents=True, exist_ok=True)
    server, snippets = doc_blocks()
    for name, snippet in snippets.items():
        (folder / "snippets" / name).write_text(snippet, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    text = MAIN.format(
        user=user,
        module=BROTLI_MODULE,
        folder=folder,
        server=local_server(server, port, str(www), prefix),
    )
    (folder / "nginx.conf").write_text(text, encoding="utf-8")
    command = [str(NGINX), "-p", str(folder), "-c", str(folder / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, process)
        yield folder
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(port: int, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not start listening")


@contextmanager
def published_behind_nginx(
    folder: Path, settings: Path, prefix: str = "", overrides: dict | None = None
):
    """Publish the site of `settings` for http://127.0.0.1:PORT{prefix}, put it where the document
    says (`/srv/www` + the sub-path) and serve it with nginx: yields a `browser.harness.Site`."""
    from browser.harness import Site

    from portal.commands.publish import publish

    if not NGINX.exists() or not BROTLI_MODULE.exists():
        raise RuntimeError(
            "Debian's nginx and its brotli module are missing: run `invoke browsers`"
        )
    port, www = free_port(), folder / "www"
    public = www / prefix.strip("/") if prefix else www
    public.parent.mkdir(parents=True, exist_ok=True)
    origin = f"http://127.0.0.1:{port}"
    publish(settings, public, siteurl=origin + prefix, overrides=overrides)
    with nginx(www, port, prefix.rstrip("/") + "/"):
        yield Site(public, origin, prefix)
