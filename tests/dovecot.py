"""A real, self-contained Dovecot for tests and benchmarks (loopback only).

:func:`start_dovecot` makes a temp folder under /tmp (pytest's tmp_path is mode
0700 and the ``dovecot`` user could not read the passwd file there), a test CA
and a server certificate signed by it (openssl, EC P-256, SAN localhost and
127.0.0.1), a passwd-file, and a config with a plain listener (also offering
STARTTLS) and an implicit-TLS listener on free loopback ports. Dovecot runs in
the foreground as a child; :meth:`Dovecot.stop` ends it by its PID. Nothing is
read from or written to /etc/dovecot, /run/dovecot or /var/lib/dovecot.

With ``oauth2=True`` a small token-introspection HTTP server runs on loopback
and Dovecot's ``oauth2`` passdb validates XOAUTH2 tokens against it
(:meth:`Dovecot.issue_token`).

See ../../shared/research/dovecot.md for the recipe and its pitfalls.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

MAIL_UID = MAIL_GID = 65534  # nobody: Dovecot never runs mail processes as root

CONF = """\
instance_name = mailpub-test-{plain_port}
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
disable_plaintext_auth = no
auth_failure_delay = 0
auth_mechanisms = {mechanisms}
{oauth2_passdb}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {d}/passwd
}}
mail_location = {mail_location}
# Without inotify (limits exhausted by many test instances), Dovecot falls back to
# checking an IDLE folder every 30 s; check every second instead.
mailbox_idle_check_interval = 1 secs
mail_fsync = never
namespace inbox {{
  inbox = yes
  separator = /
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
"""

OAUTH2_PASSDB = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {d}/oauth2.conf.ext
}}
"""

OAUTH2_CONF = """\
introspection_mode = post
introspection_url = http://127.0.0.1:{port}/introspect
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
"""


class DovecotUnavailable(RuntimeError):
    """Dovecot (or root, or openssl) is missing: tests skip, or fail under CI."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_certificates(d: Path) -> None:
    """ca.pem/ca.key (a test CA) and cert.pem/key.pem (localhost, 127.0.0.1) in ``d``."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
    _openssl(
        "req", "-x509", *ec, "-subj", "/CN=mailpub test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout", str(d / "ca.key"), "-out", str(d / "ca.pem"),
    )  # fmt: skip
    _openssl(
        "req", "-x509", *ec, "-CA", str(d / "ca.pem"), "-CAkey", str(d / "ca.key"),
        "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-addext", "basicConstraints=critical,CA:FALSE",
        "-addext", "extendedKeyUsage=serverAuth",
        "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem"),
    )  # fmt: skip
    os.chmod(d / "key.pem", 0o600)
    os.chmod(d / "ca.key", 0o600)


class _TokenServer:
    """RFC 7662-style introspection on loopback: POST token=X → {"active", "username"}."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}
        self.requests = 0
        tokens = self.tokens
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                token = (form.get("token") or [""])[0]
                outer.requests += 1
                user = tokens.get(token)
                body = json.dumps({"active": True, "username": user} if user else {"active": False})
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Dovecot:
    dir: Path
    port: int
    tls_port: int
    proc: subprocess.Popen[bytes]
    host: str = "127.0.0.1"
    users: dict[str, str] = field(default_factory=dict)
    token_server: _TokenServer | None = None
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _pool: list[str] = field(default_factory=list)

    @property
    def cafile(self) -> Path:
        return self.dir / "ca.pem"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def add_user(self, prefix: str = "u") -> tuple[str, str]:
        """A user with an empty mailbox: (name, password). Users come from a pool
        written before start-up, because Dovecot re-reads a changed passwd-file at
        most once a second; past the pool, a new line is added and waited for."""
        if self._pool:
            name = self._pool.pop(0)
            return name, self.users[name]
        name = f"{prefix}{next(self._counter)}x{os.getpid()}"
        self._write_users([name])
        time.sleep(1.1)
        return name, self.users[name]

    def _write_users(self, names: list[str]) -> None:
        with open(self.dir / "passwd", "a", encoding="utf-8") as handle:
            for name in names:
                password = f"pw-{name}"
                self.users[name] = password
                home = f"{self.dir}/mail/{name}"
                handle.write(f"{name}:{{PLAIN}}{password}:{MAIL_UID}:{MAIL_GID}::{home}::\n")

    def issue_token(self, user: str) -> str:
        assert self.token_server is not None, "started without oauth2=True"
        token = f"tok-{user}-{next(self._counter)}"
        self.token_server.tokens[token] = user
        return token

    def client(self, user: str) -> Any:
        """A plain-text imapclient connection logged in as ``user`` (for set-up/asserts)."""
        from imapclient import IMAPClient

        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(user, self.users[user])
        return client

    def append(
        self,
        user: str,
        messages: list[bytes],
        *,
        folder: str = "INBOX",
        flags: tuple[str, ...] = (),
        msg_time: datetime | None = None,
    ) -> None:
        client = self.client(user)
        try:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            if msg_time is None and len(messages) > 1:
                for start in range(0, len(messages), 100):
                    chunk = messages[start : start + 100]
                    client.multiappend(folder, [{"msg": m, "flags": flags} for m in chunk])
            else:
                for message in messages:
                    client.append(folder, message, flags=flags, msg_time=msg_time)
        finally:
            client.logout()

    def log(self) -> str:
        try:
            return (self.dir / "dovecot.log").read_text(errors="replace")
        except OSError:
            return ""

    def _launch(self) -> None:
        with open(self.dir / "dovecot.stderr", "ab") as err:
            self.proc = subprocess.Popen(
                ["dovecot", "-F", "-c", str(self.dir / "dovecot.conf")],
                stdout=err,
                stderr=subprocess.STDOUT,
            )
        _wait_greeting(self)

    def _terminate(self) -> None:
        self.proc.terminate()  # SIGTERM to the master, by its PID
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def restart(self) -> None:
        """Stop the server by its PID and start it again on the same ports and mail."""
        self._terminate()
        deadline = time.monotonic() + 10
        while True:
            try:
                self._launch()
                return
            except DovecotUnavailable:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        self._terminate()
        if self.token_server is not None:
            self.token_server.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _wait_greeting(dv: Dovecot, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if dv.proc.poll() is not None:
            raise DovecotUnavailable(
                f"dovecot exited with {dv.proc.returncode}: {dv.log()[-2000:]}"
                + (dv.dir / "dovecot.stderr").read_text(errors="replace")[-2000:]
            )
        try:
            with socket.create_connection((dv.host, dv.port), timeout=1) as s:
                if s.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise DovecotUnavailable(f"dovecot did not greet within {timeout} s: {dv.log()[-2000:]}")


def start_dovecot(
    *, oauth2: bool = False, mail_location: str = "maildir:~/Maildir", pool: int = 100
) -> Dovecot:
    """Start a fresh instance (see the module docstring). Raises DovecotUnavailable."""
    if shutil.which("dovecot") is None:
        raise DovecotUnavailable("dovecot is not installed (apt-get install dovecot-imapd)")
    if shutil.which("openssl") is None:
        raise DovecotUnavailable("openssl is not installed (apt-get install openssl)")
    if os.geteuid() != 0:
        raise DovecotUnavailable("the test Dovecot needs root (it runs mail as user nobody)")
    d = Path(tempfile.mkdtemp(prefix="dvc-", dir="/tmp"))  # short: socket paths <= ~100 chars
    os.chmod(d, 0o755)  # 'dovecot' and 'nobody' must traverse it
    (d / "run").mkdir()
    (d / "state").mkdir()
    (d / "mail").mkdir(mode=0o700)
    os.chown(d / "mail", MAIL_UID, MAIL_GID)
    make_certificates(d)
    (d / "passwd").write_text("")
    os.chmod(d / "passwd", 0o644)  # the auth process (user 'dovecot') reads it
    token_server = _TokenServer() if oauth2 else None
    if token_server is not None:
        (d / "oauth2.conf.ext").write_text(OAUTH2_CONF.format(port=token_server.port))
        os.chmod(d / "oauth2.conf.ext", 0o644)
    plain, tls = free_port(), free_port()
    (d / "dovecot.conf").write_text(
        CONF.format(
            d=d,
            plain_port=plain,
            tls_port=tls,
            mail_location=mail_location,
            mechanisms="plain login xoauth2 oauthbearer" if oauth2 else "plain login",
            oauth2_passdb=OAUTH2_PASSDB.format(d=d) if oauth2 else "",
        )
    )
    dv = Dovecot(d, plain, tls, proc=None, token_server=token_server)  # type: ignore[arg-type]
    dv._pool = [f"user{i}" for i in range(1, pool + 1)]
    dv._write_users(dv._pool)
    try:
        dv._launch()
    except BaseException:
        if dv.proc is not None and dv.proc.poll() is None:
            dv._terminate()
        if token_server is not None:
            token_server.stop()
        shutil.rmtree(d, ignore_errors=True)
        raise
    return dv
