#!/usr/bin/env python3
"""Small servers and clients the scenarios need where no packaged tool fits.

Every client is bounded twice: by a count and by --deadline seconds; every server stops by
itself after --lifetime seconds (the recorder also kills it).  Payload sizes and gaps come
from a seeded RNG so a recording is reproducible for a given --seed, yet varies naturally.
Only addresses given on the command line are contacted (the recorder passes addresses of
the namespaces it created).
"""
import argparse
import base64
import os
import random
import socket
import ssl
import struct
import sys
import threading
import time


def _family(address):
    """AF_INET6 for an IPv6 address (servers bind "::", which also takes IPv4), else AF_INET."""
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def _stop_after(seconds):
    t = threading.Timer(seconds, lambda: os._exit(0))
    t.daemon = True
    t.start()


def _recv_line(conn, limit=4096):
    buf = b""
    while not buf.endswith(b"\n") and len(buf) < limit:
        chunk = conn.recv(1)
        if not chunk:
            break
        buf += chunk
    return buf


def _recv_exact(conn, n):
    got = 0
    while got < n:
        chunk = conn.recv(min(65536, n - got))
        if not chunk:
            break
        got += len(chunk)
    return got


# ---- the in-house application: "REQ <id> <reqlen> <resplen>\n" + reqlen bytes, answered
# by "OK <id> <resplen>\n" + resplen bytes; several exchanges per session.
def inhouse_server(a):
    _stop_after(a.lifetime)
    rng = random.Random(a.seed)
    if a.udp:
        s = socket.socket(_family(a.bind), socket.SOCK_DGRAM)
        s.bind((a.bind, a.port))
        while True:
            data, peer = s.recvfrom(65535)
            n = rng.randrange(40, 900)
            s.sendto(b"ACK " + data[:16] + b" " + os.urandom(n), peer)
    ctx = None
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
    ls = socket.socket(_family(a.bind), socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.bind, a.port))
    ls.listen(64)

    def serve(conn):
        try:
            if ctx:
                conn = ctx.wrap_socket(conn, server_side=True)
            conn.settimeout(10)
            for _ in range(50):
                line = _recv_line(conn)
                parts = line.split()
                if len(parts) != 4 or parts[0] != b"REQ":
                    break
                _recv_exact(conn, int(parts[2]))
                n = int(parts[3])
                conn.sendall(b"OK " + parts[1] + b" %d\n" % n + os.urandom(n))
        except (OSError, ValueError):
            pass
        finally:
            conn.close()

    while True:
        conn, _ = ls.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


def inhouse_client(a):
    rng = random.Random(a.seed)
    end = time.monotonic() + a.deadline
    ctx = None
    if a.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    for i in range(a.sessions):
        if time.monotonic() > end:
            break
        try:
            if a.udp:
                s = socket.socket(_family(a.host), socket.SOCK_DGRAM)
                s.settimeout(2)
                for j in range(rng.randrange(2, 6)):
                    s.sendto(b"T%d.%d " % (i, j) + os.urandom(rng.randrange(30, 400)),
                             (a.host, a.port))
                    s.recvfrom(65535)
                s.close()
            else:
                s = socket.create_connection((a.host, a.port), timeout=3)
                if ctx:
                    s = ctx.wrap_socket(s)
                s.settimeout(5)
                for j in range(rng.randrange(1, 5)):
                    req = int(rng.lognormvariate(5, 1.0)) + 10
                    resp = int(rng.lognormvariate(7, 1.2)) + 20
                    s.sendall(b"REQ %d.%d %d %d\n" % (i, j, req, min(resp, 60000)) +
                              os.urandom(req))
                    hdr = _recv_line(s).split()
                    if len(hdr) == 3:
                        _recv_exact(s, int(hdr[2]))
                s.close()
        except OSError as e:
            print(f"inhouse-client: {e}", file=sys.stderr)
        time.sleep(min(rng.uniform(a.gap_min, a.gap_max), max(0.0, end - time.monotonic())))


# ---- beacon: check in at a regular interval with jitter; the server hands out "tasks".
def beacon_server(a):
    _stop_after(a.lifetime)
    ls = socket.socket(_family(a.bind), socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.bind, a.port))
    ls.listen(16)
    while True:
        conn, _ = ls.accept()
        try:
            conn.settimeout(3)
            conn.recv(4096)
            conn.sendall(os.urandom(random.choice([32, 32, 32, 48, 160])))
        except OSError:
            pass
        conn.close()


def beacon_client(a):
    rng = random.Random(a.seed)
    end = time.monotonic() + a.deadline
    bot = os.urandom(8)
    for i in range(a.count):
        if time.monotonic() > end:
            break
        try:
            s = socket.create_connection((a.host, a.port), timeout=3)
            s.settimeout(3)
            s.sendall(bot + struct.pack("!I", i) + os.urandom(52))
            s.recv(4096)
            s.close()
        except OSError as e:
            print(f"beacon-client: {e}", file=sys.stderr)
        gap = a.interval * (1 + rng.uniform(-a.jitter, a.jitter))
        time.sleep(min(gap, max(0.0, end - time.monotonic())))


# ---- DNS: a tiny authoritative responder (A for normal queries, TXT for the tunnel).
def _dns_name(labels):
    return b"".join(bytes([len(l)]) + l for l in labels) + b"\0"


def _dns_query(qid, name, qtype):
    return struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + \
        _dns_name(name.encode().split(b".")) + struct.pack("!HH", qtype, 1)


def dns_server(a):
    _stop_after(a.lifetime)
    s = socket.socket(_family(a.bind), socket.SOCK_DGRAM)
    s.bind((a.bind, a.port))
    while True:
        q, peer = s.recvfrom(4096)
        if len(q) < 17:
            continue
        qid = q[:2]
        end = q.index(b"\0", 12) + 5
        question = q[12:end]
        qtype = struct.unpack("!H", q[end - 4:end - 2])[0]
        if qtype == 16:
            txt = base64.b32encode(os.urandom(random.randrange(20, 120))).rstrip(b"=")
            rdata = bytes([min(len(txt), 255)]) + txt[:255]
        else:
            qtype, rdata = 1, socket.inet_aton(a.answer)
        ans = b"\xc0\x0c" + struct.pack("!HHIH", qtype, 1, 60, len(rdata)) + rdata
        s.sendto(qid + b"\x81\x80" + struct.pack("!HHHH", 1, 1, 0, 0) + question + ans, peer)


def dns_tunnel_client(a):
    """Data smuggled in query names, like iodine/dnscat2: long base32 labels, TXT answers."""
    rng = random.Random(a.seed)
    end = time.monotonic() + a.deadline
    s = socket.socket(_family(a.host), socket.SOCK_DGRAM)
    s.settimeout(1)
    for i in range(a.count):
        if time.monotonic() > end:
            break
        chunk = base64.b32encode(os.urandom(rng.randrange(20, 36))).decode().rstrip("=").lower()
        name = f"{chunk[:50]}.{chunk[50:] or 'a'}.{i:04x}.t.{a.domain}"
        s.sendto(_dns_query(rng.randrange(65536), name, 16), (a.host, a.port))
        try:
            s.recvfrom(4096)
        except OSError:
            pass
        time.sleep(min(a.interval * rng.uniform(0.7, 1.3), max(0.0, end - time.monotonic())))


# ---- misconfigured clients: retry the same (host, port) and get refused / unreachable.
def retry(a):
    rng = random.Random(a.seed)
    end = time.monotonic() + a.deadline
    for i in range(a.count):
        if time.monotonic() > end:
            break
        try:
            if a.kind == "tcp":
                s = socket.create_connection((a.host, a.port), timeout=2)
                s.sendall(b"HELLO\n")
                s.close()
            else:
                s = socket.socket(_family(a.host), socket.SOCK_DGRAM)
                if a.kind == "ntp":  # RFC 5905 client request: LI=0, VN=4, Mode=3
                    payload = b"\x23" + b"\0" * 39 + struct.pack("!II", int(time.time()) + 2208988800, 0)
                else:
                    payload = b"status %d " % i + os.urandom(rng.randrange(8, 64))
                s.sendto(payload, (a.host, a.port))
                s.close()
        except OSError:
            pass
        time.sleep(min(a.interval * rng.uniform(0.8, 1.2), max(0.0, end - time.monotonic())))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)

    def add(name, fn, server=False):
        p = sub.add_parser(name)
        p.set_defaults(fn=fn)
        p.add_argument("--port", type=int, required=True)
        p.add_argument("--seed", type=int, default=0)
        if server:
            p.add_argument("--bind", default="::")
            p.add_argument("--lifetime", type=float, default=600)
        else:
            p.add_argument("--host", required=True)
            p.add_argument("--deadline", type=float, default=60)
        return p

    p = add("inhouse-server", inhouse_server, True)
    p.add_argument("--udp", action="store_true")
    p.add_argument("--cert")
    p.add_argument("--key")
    p = add("inhouse-client", inhouse_client)
    p.add_argument("--udp", action="store_true")
    p.add_argument("--tls", action="store_true")
    p.add_argument("--sessions", type=int, default=8)
    p.add_argument("--gap-min", type=float, default=0.2)
    p.add_argument("--gap-max", type=float, default=2.0)
    add("beacon-server", beacon_server, True)
    p = add("beacon-client", beacon_client)
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--interval", type=float, default=1.5)
    p.add_argument("--jitter", type=float, default=0.2)
    p = add("dns-server", dns_server, True)
    p.add_argument("--answer", default="192.0.2.1")
    p = add("dns-tunnel-client", dns_tunnel_client)
    p.add_argument("--count", type=int, default=40)
    p.add_argument("--interval", type=float, default=0.3)
    p.add_argument("--domain", default="cdn-sync.example")
    p = add("retry", retry)
    p.add_argument("--kind", choices=["tcp", "udp", "ntp"], default="tcp")
    p.add_argument("--count", type=int, default=6)
    p.add_argument("--interval", type=float, default=1.0)
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
