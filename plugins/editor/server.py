"""`invoke editor`: the editor on a loopback port, saving through Git with `decap-server`.

One process serves everything the page loads, all from this machine: the page and its script
(`static/`), Decap's bundle and js-yaml from the project's `node_modules/`, the configuration made
from the schemas, the registry's places and the site's stylesheet for the preview. `decap-server`
runs beside it in its local Git mode (each save is a commit in the repository), on another
loopback port that only this server talks to: every Git request of the page goes through
`/api/v1` here, and a save (`persistEntry`) is passed on only after `save.prepare()` has merged
its files and found no error in them; otherwise it is refused with the problems, and nothing is
written. `/editor/validate` runs the same preparation without writing, for the page to show each
problem next to its field before it asks to save.
"""

from __future__ import annotations

import contextlib
import json
import mimetypes
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from portal.content.localities import load_registry

from .config import decap_config, locality_options
from .save import RefusedPath, prepare

ROOT = Path(__file__).resolve().parents[2]  # the project: node_modules/, themes/
STATIC = Path(__file__).resolve().parent / "static"
NODE_MODULES = ROOT / "node_modules"
# Address prefix -> folder served under it (nothing else on disk is reachable)
FOLDERS = {
    "/editor/": STATIC,
    "/decap/": NODE_MODULES / "decap-cms" / "dist",
    "/js-yaml/": NODE_MODULES / "js-yaml" / "dist",
    "/site/": ROOT / "themes" / "portal" / "static" / "css",
}
# The page may talk to this server only: no other host, no inline script. Decap checks its
# configuration with Ajv, which compiles code at run time ('unsafe-eval'), and its components
# style themselves with inline <style> elements (emotion, 'unsafe-inline' for styles): allowed
# here, on the editor's page only; the site's own pages keep their policy.
HOSTED = {
    "connect-src 'self'": "connect-src 'self' https:",
    "img-src 'self' data: blob:": "img-src 'self' data: blob: https:",
}  # a hosted Git service's API and avatars
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self' blob: about:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
UNCOMMITTED = (
    "Not saved: the repository has other changes that are not committed ({files}); "
    "commit or undo them first, then save again.",
    "Chưa lưu: kho có thay đổi khác chưa được commit ({files}); "
    "hãy commit hoặc hoàn tác chúng trước rồi lưu lại.",
)


class Editor:
    """What the handler needs: the repository, the editor's language, the registry, decap-server's
    address."""

    def __init__(self, repo: Path, lang: str, decap_url: str, backend: dict | None = None):
        self.repo, self.lang, self.decap_url, self.backend = (
            repo.resolve(),
            lang,
            decap_url,
            backend,
        )
        self.csp = CSP
        for local, hosted in HOSTED.items() if backend else ():
            self.csp = self.csp.replace(local, hosted)
        self.registry = load_registry(self.repo / "content" / "data" / "localities")
        self.branch = _current_branch(self.repo)
        self.lock = threading.Lock()  # one save at a time: check, then commit

    def config(self, origin: str, lang: str) -> dict:
        return decap_config(lang, f"{origin}/api/v1", branch=self.branch, backend=self.backend)


def _current_branch(repo: Path) -> str:
    out = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--abbrev-ref", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "main"


def _uncommitted(repo: Path) -> set[str]:
    """Paths with changes Git has not committed (untracked files included)."""
    out = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=all", "-z"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {entry[3:] for entry in out.stdout.split("\0") if len(entry) > 3}


def make_handler(editor: Editor):
    class Handler(BaseHTTPRequestHandler):
        server_version = "editor"

        def log_message(
            self, format, *args
        ):  # quiet: the terminal shows the address and errors only
            pass

        def do_GET(self):
            path = urlsplit(self.path).path
            lang = "en" if "lang=en" in (urlsplit(self.path).query or "") else editor.lang
            if path in ("/", "/index.html"):
                return self._file(STATIC / "index.html")
            if path == "/editor/config.json":
                return self._json(editor.config(self._origin(), lang))
            if path == "/editor/localities.json":
                return self._json(locality_options(editor.registry, lang))
            for prefix, folder in FOLDERS.items():
                if path.startswith(prefix):
                    return self._file(folder / path[len(prefix) :], folder)
            self._send(404, b"not found", "text/plain")

        def do_POST(self):
            path = urlsplit(self.path).path
            body = json.loads(
                self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}"
            )
            if path == "/editor/validate":
                return self._validate(body)
            if path != "/api/v1" or editor.backend:
                return self._send(404, b"not found", "text/plain")
            if body.get("action") == "persistEntry":
                return self._persist(body)
            self._forward(body)

        def _validate(self, body):
            try:
                prepared = prepare(editor.repo, body.get("files", []), editor.registry)
            except RefusedPath as exc:
                return self._json({"error": str(exc)}, 400)
            self._json(prepared.as_json())

        def _persist(self, body):
            params = body.get("params", {})
            files = params.get("dataFiles") or [params["entry"]]
            with editor.lock:
                try:
                    prepared = prepare(
                        editor.repo,
                        [{"path": f["path"], "raw": f["raw"]} for f in files],
                        editor.registry,
                    )
                except RefusedPath as exc:
                    return self._json({"error": str(exc)}, 400)
                if prepared.problems:
                    text = "\n".join(p.text(editor.lang) for p in prepared.problems)
                    return self._json(
                        {"error": text, "problems": prepared.as_json()["problems"]}, 422
                    )
                if not prepared.files:
                    return self._json({"message": "entry persisted"})
                others = _uncommitted(editor.repo) - set(prepared.files)
                if others:  # decap-server commits with `git add .`: it would sweep these in
                    return self._json(
                        {
                            "error": UNCOMMITTED[editor.lang == "vi"].format(
                                files=", ".join(sorted(others))
                            )
                        },
                        409,
                    )
                slug = files[0].get("slug", "")
                params = {
                    **params,
                    "dataFiles": [
                        {"path": p, "raw": t, "slug": slug}
                        for p, t in sorted(prepared.files.items())
                    ],
                }
                params.pop("entry", None)
                self._forward({**body, "params": params})

        def _forward(self, body):
            request = urllib.request.Request(
                editor.decap_url,
                data=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as answer:
                    self._send(
                        answer.status,
                        answer.read(),
                        answer.headers.get("Content-Type", "application/json"),
                    )
            except urllib.error.HTTPError as exc:
                self._send(
                    exc.code, exc.read(), exc.headers.get("Content-Type", "application/json")
                )

        def _origin(self) -> str:
            return f"http://{self.headers.get('Host') or '127.0.0.1'}"

        def _json(self, value, status: int = 200):
            self._send(
                status,
                json.dumps(value, ensure_ascii=False).encode(),
                "application/json; charset=utf-8",
            )

        def _file(self, file: Path, folder: Path | None = None):
            file = file.resolve()
            if (
                folder is not None
                and not file.is_relative_to(folder.resolve())
                or not file.is_file()
            ):
                return self._send(404, b"not found", "text/plain")
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith("javascript"):
                kind += "; charset=utf-8"
            self._send(200, file.read_bytes(), kind)

        def _send(self, status: int, data: bytes, kind: str):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", editor.csp)
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

    return Handler


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def decap_server(repo: Path, port: int):
    """`decap-server` in local Git mode on 127.0.0.1:`port` for `repo`, stopped on exit."""
    node = shutil.which("node")
    entry = NODE_MODULES / "decap-server" / "dist" / "index.js"
    if node is None or not entry.exists():
        raise RuntimeError("decap-server is missing: run `npm ci` (it is pinned in package.json)")
    env = {
        **os.environ,
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(repo.resolve()),
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "LOG_LEVEL": "warn",
    }
    with tempfile.TemporaryDirectory(
        prefix="decap-server-"
    ) as cwd:  # it reads a .env file from its folder
        process = subprocess.Popen(
            [node, str(entry)], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            _wait_for(port, process)
            yield f"http://127.0.0.1:{port}/api/v1"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read() if process.stderr else b""
            raise RuntimeError(f"decap-server stopped: {said.decode(errors='replace')[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"decap-server did not listen on 127.0.0.1:{port}")


@contextmanager
def running(repo: Path, lang: str = "vi", port: int = 0, backend: dict | None = None):
    """The editor for `repo` served on 127.0.0.1:`port` (0: any free port); yields its address.

    Without `backend`, decap-server commits to `repo` itself; with one, Decap saves to that hosted
    Git service (the checks still run here, against `repo`, before each save)."""
    with contextlib.ExitStack() as stack:
        decap_url = "" if backend else stack.enter_context(decap_server(repo, free_port()))
        server = ThreadingHTTPServer(
            ("127.0.0.1", port), make_handler(Editor(repo, lang, decap_url, backend))
        )
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            server.server_close()


def run(repo: Path, lang: str = "vi", port: int = 8090, backend: dict | None = None) -> None:
    """Serve until Ctrl+C."""
    with running(repo, lang, port, backend) as address:
        where = (
            f"{backend['name']} ({backend.get('repo', '')})" if backend else f"a commit in {repo}"
        )
        print(
            f"The editor is at {address} (only this computer can open it). "
            f"Each save is {where}. Stop it with Ctrl+C.",
            flush=True,
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
