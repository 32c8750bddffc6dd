#!/usr/bin/env python3
"""Small captures for the scan-episode tests, written packet by packet (classic pcap,
Ethernet, IPv4, TCP with valid checksums): the shapes the traffic of real tools has, with
addresses a test can choose.

  scanners  a source on the shipped research-scanner list (Censys, 162.142.125.7) and an
            unknown one (198.51.100.23) each SYN-probe 20 ports of one inside host, which
            answers RST (closed); a client (10.0.0.7) retries one closed service
            (10.0.0.8:3492) ten times, 3 s apart, refused each time; one ordinary session;
            one TCP connection (10.0.0.9 -> 10.0.0.8:3255) still open when the capture ends.
  quiet     one unknown scanner probing 20 ports, silent for 10 minutes, then 20 more:
            two scans.
  diff_old / diff_new   two days of one site, for `ghostport diff`, with planted changes:
            3206/tcp  an in-house service (sessions) on day one, refused on day two
            3564/tcp  new on day two: a client refused five times (a new orphaned port)
            80/tcp    one web session on day one, nothing on day two (went quiet)
            198.51.100.23 scans 20 ports on day two only (a new scanner)
            3492/tcp  the same refused retries both days (no change)

Usage: scan_scenarios.py KIND OUT.pcap
"""

import struct
import sys

T0 = 1_764_100_000.0


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(text: str) -> bytes:
    return bytes(int(x) for x in text.split("."))


class Pcap:
    def __init__(self):
        self.records = []

    def tcp(self, t, src, dst, sport, dport, flags, seq=0, ack=0, window=64240, payload=b"", options=b""):
        offset = (20 + len(options)) // 4
        header = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, offset << 4, flags, window, 0, 0) + options
        pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 6, len(header) + len(payload))
        csum = checksum(pseudo + header + payload)
        header = header[:16] + struct.pack("!H", csum) + header[18:]
        total = 20 + len(header) + len(payload)
        iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 1, 0x4000, 64, 6, 0, ip4(src), ip4(dst))
        iph = iph[:10] + struct.pack("!H", checksum(iph)) + iph[12:]
        frame = b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + b"\x08\x00" + iph + header + payload
        self.records.append((t, frame))

    def refused(self, t, src, dst, sport, dport, window=64240, options=b"\x02\x04\x05\xb4"):
        """A SYN answered by RST-ACK: a probe of a closed port, or a refused retry."""
        self.tcp(t, src, dst, sport, dport, 0x02, seq=1000, window=window, options=options)
        self.tcp(t + 0.0002, dst, src, dport, sport, 0x14, seq=0, ack=1001, window=0)

    def session(self, t, src, dst, sport, dport, request=b"GET / HTTP/1.0\r\n\r\n",
                answer=b"HTTP/1.0 200 OK\r\n\r\nhi"):
        """A completed TCP session: handshake, one request and answer, FIN both ways."""
        a, b = 101 + len(request), 501 + len(answer)
        self.tcp(t, src, dst, sport, dport, 0x02, seq=100)
        self.tcp(t + 0.001, dst, src, dport, sport, 0x12, seq=500, ack=101)
        self.tcp(t + 0.002, src, dst, sport, dport, 0x10, seq=101, ack=501)
        self.tcp(t + 0.003, src, dst, sport, dport, 0x18, seq=101, ack=501, payload=request)
        self.tcp(t + 0.004, dst, src, dport, sport, 0x18, seq=501, ack=a, payload=answer)
        self.tcp(t + 0.005, src, dst, sport, dport, 0x11, seq=a, ack=b)
        self.tcp(t + 0.006, dst, src, dport, sport, 0x11, seq=b, ack=a + 1)
        self.tcp(t + 0.007, src, dst, sport, dport, 0x10, seq=a + 1, ack=b + 1)

    def open_session(self, t, src, dst, sport, dport, exchanges):
        """An established TCP connection still exchanging data when the capture ends: no FIN."""
        self.tcp(t, src, dst, sport, dport, 0x02, seq=100)
        self.tcp(t + 0.001, dst, src, dport, sport, 0x12, seq=500, ack=101)
        self.tcp(t + 0.002, src, dst, sport, dport, 0x10, seq=101, ack=501)
        a, b = 101, 501
        for i in range(exchanges):
            self.tcp(t + 1 + i, src, dst, sport, dport, 0x18, seq=a, ack=b, payload=b"ping\n")
            self.tcp(t + 1.001 + i, dst, src, dport, sport, 0x18, seq=b, ack=a + 5, payload=b"pong\n")
            a, b = a + 5, b + 5

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
            for t, frame in sorted(self.records, key=lambda r: r[0]):
                sec = int(t)
                usec = int(round((t - sec) * 1e6))
                f.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)) + frame)


PORTS = [3206, 3255, 3511, 3492, 3233, 3426, 3772, 3780, 3925, 3564, 3604, 3480, 3546, 3994, 4001, 4002, 4003,
         4004, 4005, 4006]


def scanners(p: Pcap):
    # Raw-socket probes: window 1024 and no options, as nmap -sS sends them.
    for i, port in enumerate(PORTS):
        p.refused(T0 + i, "162.142.125.7", "10.0.0.5", 61000, port, window=1024, options=b"")
        p.refused(T0 + 0.5 + i, "198.51.100.23", "10.0.0.6", 62000, port, window=1024, options=b"")
    for i in range(10):
        p.refused(T0 + 3 * i, "10.0.0.7", "10.0.0.8", 50000 + i, 3492)
    p.session(T0 + 5, "10.0.0.9", "10.0.0.8", 51000, 80)
    # A replication link that runs through the whole capture: still open at its end.
    p.open_session(T0, "10.0.0.9", "10.0.0.8", 51001, 3255, 30)


def quiet(p: Pcap):
    for i, port in enumerate(PORTS):
        p.refused(T0 + i, "198.51.100.23", "10.0.0.6", 62000, port, window=1024, options=b"")
        p.refused(T0 + 600 + i, "198.51.100.23", "10.0.0.6", 62001, port + 1000, window=1024, options=b"")


def diff_day(p: Pcap, day: int):
    t0 = T0 + 86400 * day
    for i in range(10):
        p.refused(t0 + 3 * i, "10.0.0.7", "10.0.0.8", 50000 + i, 3492)
    if day == 1:
        # Irregular gaps: sessions, not a beacon.
        for i, dt in enumerate([0, 7, 9, 20]):
            p.session(t0 + 40 + dt, "10.0.0.10", "10.0.0.8", 52000 + i, 3206, b"REQ 7 len 12\n" + bytes(range(40, 52)),
                      b"OK 7 " + bytes(range(60, 140)))
        p.session(t0 + 5, "10.0.0.9", "10.0.0.8", 51000, 80)
    else:
        for i in range(6):
            p.refused(t0 + 40 + 2 * i, "10.0.0.10", "10.0.0.8", 52000 + i, 3206)
        for i in range(5):
            p.refused(t0 + 70 + 2 * i, "10.0.0.11", "10.0.0.12", 53000 + i, 3564)
        for i in range(20):
            p.refused(t0 + 100 + i, "198.51.100.23", "10.0.0.6", 62000, 4001 + i, window=1024, options=b"")


def main():
    kind, out = sys.argv[1], sys.argv[2]
    p = Pcap()
    {"scanners": scanners, "quiet": quiet, "diff_old": lambda p: diff_day(p, 1),
     "diff_new": lambda p: diff_day(p, 2)}[kind](p)
    p.write(out)


if __name__ == "__main__":
    main()
