#!/usr/bin/env python3
"""Writes a capture in which every packet of the input appears twice, the second time as a
SPAN session on another VLAN would hand it over: an 802.1Q tag added (or its id changed),
one router hop later (TTL / hop limit - 1, the IPv4 header checksum fixed) and DELAY_US
later. Classic pcap in (either byte order, micro- or nanosecond), classic pcap out.

Usage: span_copy.py IN.pcap OUT.pcap [--vlan 20] [--delay-us 20]
"""
import argparse
import struct
import sys

MAGICS = {0xA1B2C3D4: 1_000_000, 0xA1B23C4D: 1_000_000_000}


def checksum(header):
    s = sum(struct.unpack(f"!{len(header) // 2}H", header))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def copy_frame(frame, vlan):
    """The frame with an 802.1Q tag and one hop older; non-Ethernet-IP frames tagged only."""
    if len(frame) < 14:
        return frame
    ethertype_at = 12
    if frame[12:14] == b"\x81\x00":
        frame = frame[:14] + struct.pack("!H", vlan) + frame[16:]
        ethertype_at = 16
    else:
        frame = frame[:12] + struct.pack("!HH", 0x8100, vlan) + frame[12:]
        ethertype_at = 16
    ip = ethertype_at + 2
    ethertype = frame[ethertype_at:ethertype_at + 2]
    out = bytearray(frame)
    if ethertype == b"\x08\x00" and len(out) >= ip + 20 and out[ip] >> 4 == 4:
        hlen = (out[ip] & 0x0F) * 4
        if out[ip + 8] > 1 and len(out) >= ip + hlen:
            out[ip + 8] -= 1
            out[ip + 10:ip + 12] = b"\0\0"
            out[ip + 10:ip + 12] = struct.pack("!H", checksum(bytes(out[ip:ip + hlen])))
    elif ethertype == b"\x86\xdd" and len(out) >= ip + 40 and out[ip + 7] > 1:
        out[ip + 7] -= 1
    return bytes(out)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--vlan", type=int, default=20)
    p.add_argument("--delay-us", type=int, default=20)
    args = p.parse_args(argv)
    with open(args.input, "rb") as f:
        data = f.read()
    if len(data) < 24:
        print(f"span_copy.py: {args.input}: not a pcap file", file=sys.stderr)
        return 1
    for endian in ("<", ">"):
        magic = struct.unpack(endian + "I", data[:4])[0]
        if magic in MAGICS:
            break
    else:
        print(f"span_copy.py: {args.input}: not a classic pcap file (pcapng? convert with editcap -F pcap)",
              file=sys.stderr)
        return 1
    units = MAGICS[magic]
    link_type = struct.unpack(endian + "I", data[20:24])[0]
    if link_type != 1:
        print(f"span_copy.py: {args.input}: link type {link_type}, not Ethernet", file=sys.stderr)
        return 1
    delay = args.delay_us * units // 1_000_000
    out = [data[:24]]
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, caplen, wirelen = struct.unpack(endian + "IIII", data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        out.append(struct.pack(endian + "IIII", sec, frac, caplen, wirelen) + frame)
        copy = copy_frame(frame, args.vlan)
        grown = len(copy) - len(frame)
        csec, cfrac = sec + (frac + delay) // units, (frac + delay) % units
        out.append(struct.pack(endian + "IIII", csec, cfrac, len(copy), wirelen + grown) + copy)
    with open(args.output, "wb") as f:
        f.write(b"".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
