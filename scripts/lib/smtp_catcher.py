#!/usr/bin/env python3
"""A real SMTP server on loopback that keeps every message it accepts, for the demo and the tests.

It misbehaves on request, so tests can see what a real server's refusals do: a recipient whose
local part starts with `tempfail` is refused with 451 (try later), `permfail` with 550 (no such
user), a message to `drop...` loses its connection before the server answers the data, and one to
`stall...` is never answered (the server sits on the data for an hour, as a wedged relay does).
The `flaky` variants misbehave only the first time the catcher sees an address, then accept it, as a
server that recovers does: `flaky4xx...` is refused with 451 once, `flakydrop...` loses its
connection once, `flakystall...` is left unanswered once (scripts/chaos uses them to show recovery).

Each accepted message is written to DIR/NNNNNN.eml (the raw bytes as received, with the envelope in
X-Catcher-* headers first: sender, recipients, the number of the SMTP session that carried it, whether
that session was encrypted and who authenticated), atomically (written to a temporary name, then renamed), so a reader never
sees half a message. It speaks real SMTP through aiosmtpd; nothing in the engine knows it is a test.

usage: smtp_catcher.py --port PORT --dir DIR [--host 127.0.0.1] [--discard]
                       [--tls-cert CERT --tls-key KEY] [--auth USER:PASSWORD]

With --tls-cert and --tls-key it offers STARTTLS with that certificate. With --auth it accepts AUTH
PLAIN and LOGIN for that user (over plain text too: refusing a password in clear is the client's job
under test), and refuses mail from a session that did not authenticate.

With --discard it keeps nothing and only counts (DIR/count is rewritten every second), for
benchmarks: what is measured is then the client and the SMTP exchange, not the disk.
"""
import argparse
import asyncio
import itertools
import os
import signal
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Keep:
    """aiosmtpd handler: store the message, answer 250."""

    def __init__(self, directory, discard=False):
        self.directory = directory
        self.discard = discard
        self.count = 0
        existing = [int(n[:-4]) for n in os.listdir(directory) if n.endswith(".eml") and n[:-4].isdigit()]
        self.seq = itertools.count(max(existing, default=0) + 1)
        # Addresses a `flaky...` fault was already played on (each misbehaves once).
        self.flaked = set()
        # SMTP sessions numbered in the order they first send (X-Catcher-Session).
        self.sessions = itertools.count(1)
        # "user:password" accepted by AUTH, or None (no AUTH required).
        self.auth = None

    def flaky(self, address, kind):
        """Whether `address` should suffer the fault `kind` now: the first time only."""
        local = address.split("@")[0].lower()
        key = (kind, address.lower())
        if local.startswith("flaky" + kind) and key not in self.flaked:
            self.flaked.add(key)
            return True
        return False

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.auth is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        user, _, password = self.auth.partition(":")
        login = getattr(auth_data, "login", b"") or b""
        given = getattr(auth_data, "password", b"") or b""
        ok = login.decode(errors="replace") == user and given.decode(errors="replace") == password
        if ok:
            session.cn_user = user
        return AuthResult(success=ok, handled=False)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("tempfail"):
            return "451 4.3.0 Mailbox busy, try again later"
        if local.startswith("permfail"):
            return "550 5.1.1 No such user here"
        if self.flaky(address, "4xx"):
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(a.split("@")[0].lower().startswith("drop") for a in envelope.rcpt_tos):
            # The connection goes before the 250: the client cannot know whether it was taken.
            server.transport.close()
            return "421 4.4.2 Connection dropped"
        if any(self.flaky(a, "drop") for a in envelope.rcpt_tos):
            server.transport.close()
            return "421 4.4.2 Connection dropped"
        if any(a.split("@")[0].lower().startswith("stall") for a in envelope.rcpt_tos) \
                or any(self.flaky(a, "stall") for a in envelope.rcpt_tos):
            # No reply at all: only the client's own timeout can end this exchange.
            await asyncio.sleep(3600)
            return "451 4.4.2 Stalled"
        if self.discard:
            self.count += 1
            return "250 OK"
        n = next(self.seq)
        if not hasattr(session, "cn_number"):
            session.cn_number = next(self.sessions)
        head = ("X-Catcher-From: {}\r\nX-Catcher-To: {}\r\nX-Catcher-Session: {}\r\n"
                "X-Catcher-TLS: {}\r\nX-Catcher-Auth: {}\r\n").format(
            envelope.mail_from, ", ".join(envelope.rcpt_tos), session.cn_number,
            "yes" if session.ssl else "no", getattr(session, "cn_user", "")).encode()
        tmp = os.path.join(self.directory, ".{:06d}.tmp".format(n))
        with open(tmp, "wb") as f:
            f.write(head + envelope.original_content)
        os.rename(tmp, os.path.join(self.directory, "{:06d}.eml".format(n)))
        return "250 OK stored as {:06d}".format(n)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--discard", action="store_true")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--auth")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    handler = Keep(args.dir, discard=args.discard)
    extra = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        extra["tls_context"] = context
    if args.auth:
        handler.auth = args.auth
        extra["authenticator"] = handler.authenticate
        extra["auth_require_tls"] = False
    controller = Controller(handler, hostname=args.host, port=args.port, decode_data=False, **extra)
    controller.start()
    print("smtp catcher listening on {}:{}, storing in {}".format(args.host, args.port, args.dir), flush=True)
    loop = asyncio.new_event_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    async def write_count():
        while not stop.done():
            with open(os.path.join(args.dir, "count"), "w") as f:
                f.write(str(handler.count))
            await asyncio.sleep(1)

    loop.run_until_complete(asyncio.gather(stop, write_count()))
    controller.stop()


if __name__ == "__main__":
    main()
