#!/usr/bin/env python3
"""Chooses addresses, ports and timings for one recording, from a seed.

Prints shell assignments (KEY=value) that tools/record-scenarios evals. Seed 0 is the
canonical plan documented in pcaps/README.md (the ports the issue names: 3511, 3255,
3206); any other seed draws subnets, port roles and intervals afresh, so a second
recording exercises a classifier on addresses and ports it has not seen.  With
--standings (CSV from `ghostport port --standing ... -F csv`: port,transport,standing,...)
a seed draws its ports from the whole registered range by the standing ghostport's
registry layers compute (orphaned roles per transport, never-registered ports); without
it, from the fixed pools below.
"""
import argparse
import random

# Registered to software nobody runs any more (IANA 2002-2003 registrations that
# nmap-services has never seen open), plus 3206 (IronMail, remembered by unofficial
# port databases).  Every role below draws from this pool when the seed is not 0.
ORPHANED = [3511, 3255, 3206, 3492, 3426, 3772, 3233, 3780, 3925, 3564, 3604, 3480,
            3786, 3758, 3711, 3446, 3252, 3718, 3748, 3756]
# Never registered: single ports that the registry copy lists as Unassigned.
UNASSIGNED = [3092, 3126, 3546, 3694, 3994, 4048, 4144, 4196]
# Ports the scenarios give fixed jobs (controls on active services); never drawn for a role.
FIXED = {22, 53, 80, 123, 137, 161, 443, 500, 1883, 6379}
TCP_ROLES = ["CUSTOM_TCP", "CUSTOM_TLS", "CUSTOM_ECHO", "NOLISTEN_TCP", "CURL_PORT",
             "BEACON_OUT", "BEACON_IN", "SHELL_IN", "UPLOAD_IN", "MIDSTREAM_PORT",
             "ONESIDED_PORT"]
UDP_ROLES = ["CUSTOM_UDP", "NOLISTEN_UDP", "DIG_PORT", "SYSLOG_PORT", "NTP_PORT", "TUNNEL_PORT"]


def read_standings(path):
    """{(transport, standing): [ports]} from ghostport's port listing."""
    pools = {}
    with open(path) as f:
        for line in f:
            v = line.strip().split(",")
            if len(v) < 3 or not v[0].isdigit():
                continue
            port = int(v[0])
            if port in FIXED or not 1024 <= port <= 49151:
                continue
            pools.setdefault((v[1], v[2]), []).append(port)
    return pools


def draw_from_standings(rng, pools):
    """Role ports drawn across the registered range: TCP roles from ports orphaned over TCP,
    UDP roles from ports orphaned over UDP, all distinct; two never-registered ports."""
    tcp = sorted(set(pools.get(("tcp", "orphaned"), [])))
    udp = sorted(set(pools.get(("udp", "orphaned"), [])))
    un = sorted(set(pools.get(("tcp", "unassigned"), [])))
    if len(tcp) < 40 or len(udp) < 20 or len(un) < 10:
        raise SystemExit(f"plan.py: too few ports by standing (orphaned tcp {len(tcp)}, "
                         f"udp {len(udp)}, unassigned {len(un)}): is nmap-services installed?")
    roles, used = {}, set()
    for names, pool in ((TCP_ROLES, tcp), (UDP_ROLES, udp)):
        for name in names:
            port = rng.choice(pool)
            while port in used:
                port = rng.choice(pool)
            used.add(port)
            roles[name] = port
    picks = [p for p in rng.sample(un, 6) if p not in used][:2]
    roles["UNASSIGNED_CUSTOM"], roles["UNASSIGNED_BEACON"] = picks
    return roles


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--standings", help="CSV of ports by standing (ghostport port -F csv)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = {}
    if a.seed == 0:
        inside_a, srv_c, cli_c = 10, 1, 2
        inside_b = 20
        out_net = "203.0.113"
        roles = dict(CUSTOM_TCP=3206, CUSTOM_TLS=3426, CUSTOM_UDP=3780, CUSTOM_ECHO=3255,
                     NOLISTEN_TCP=3492, NOLISTEN_UDP=3564, DIG_PORT=3255, CURL_PORT=3511,
                     SYSLOG_PORT=3604, NTP_PORT=3480, WRONGHOST_PORT=3206,
                     BEACON_OUT=3772, BEACON_IN=3233, SHELL_PORT=3511, EXFIL_PORT=3492,
                     TUNNEL_PORT=3925, VICTIM_OPEN=3511, VICTIM_CLOSED=3255,
                     SHELL_IN=3718, UPLOAD_IN=3748, MIDSTREAM_PORT=3756, ONESIDED_PORT=3446)
        un = [3546, 3994]
        roles["UNASSIGNED_CUSTOM"] = un[0]
        roles["UNASSIGNED_BEACON"] = un[1]
        beacon_s, tunnel_s = 1.5, 0.3
    else:
        inside_a = rng.choice([10, 172, 192])
        inside_b = rng.randrange(16, 32) if inside_a == 172 else (
            168 if inside_a == 192 else rng.randrange(0, 256))
        srv_c = rng.randrange(0, 120)
        cli_c = srv_c + rng.randrange(1, 100)
        out_net = rng.choice(["203.0.113", "198.51.100", "192.0.2",
                              f"198.18.{rng.randrange(0, 256)}",
                              f"198.19.{rng.randrange(0, 256)}"])
        if a.standings:
            roles = draw_from_standings(rng, read_standings(a.standings))
        else:
            p = rng.sample(ORPHANED, 17)
            roles = dict(zip(TCP_ROLES, p[:11]))
            roles.update(zip(UDP_ROLES, p[11:17]))
            roles["UNASSIGNED_CUSTOM"], roles["UNASSIGNED_BEACON"] = rng.sample(UNASSIGNED, 2)
        # Some roles share a port on purpose: the same port means different things with
        # different peers.
        roles.update(WRONGHOST_PORT=roles["CUSTOM_TCP"], SHELL_PORT=roles["CURL_PORT"],
                     EXFIL_PORT=roles["NOLISTEN_TCP"])
        victims = rng.sample([roles[n] for n in TCP_ROLES[:7]], 2)
        roles["VICTIM_OPEN"], roles["VICTIM_CLOSED"] = victims
        beacon_s = round(rng.uniform(1.0, 2.5), 2)
        tunnel_s = round(rng.uniform(0.15, 0.5), 2)
    out["SRV_NET"] = f"{inside_a}.{inside_b}.{srv_c}"
    out["CLI_NET"] = f"{inside_a}.{inside_b}.{cli_c}"
    out["OUT_NET"] = out_net
    # Host numbers inside each /24; the spoofed (unused) inside addresses for backscatter.
    out["HOSTS"] = " ".join(str(x) for x in sorted(rng.sample(range(10, 60), 5)))
    out["EXTS"] = " ".join(str(x) for x in sorted(rng.sample(range(10, 250), 5)))
    out["SPOOF_FIRST"] = str(rng.randrange(100, 200))
    out["BEACON_S"] = str(beacon_s)
    out["TUNNEL_S"] = str(tunnel_s)
    out["RUN_SEED"] = str(a.seed)
    # IPv6 beside IPv4 (drawn last, so seed 0 keeps the bundled corpus's addresses): a unique-local /48 inside (one /64 per switch), documentation space
    # outside. Groups are non-zero and unpadded, so "prefix::host" is already canonical text.
    ula = [rng.randrange(0x100, 0x10000) for _ in range(2)]
    out["SRV6"] = f"fd{rng.randrange(0x10, 0x100):x}:{ula[0]:x}:{ula[1]:x}:{srv_c + 1:x}"
    out["CLI6"] = out["SRV6"].rsplit(":", 1)[0] + f":{cli_c + 1:x}"
    out["OUT6"] = f"2001:db8:{rng.randrange(1, 0x10000):x}:{rng.randrange(1, 0x10000):x}"
    # Two more hosts: an inside host with several roles, an outside attacker.
    inside = set(int(x) for x in out["HOSTS"].split())
    outside = set(int(x) for x in out["EXTS"].split())
    out["MIXED_HOST"] = str(rng.choice([h for h in range(10, 60) if h not in inside]))
    out["ATTACKER_HOST"] = str(rng.choice([h for h in range(10, 250) if h not in outside]))
    out.update({k: str(v) for k, v in roles.items()})
    for k, v in out.items():
        print(f"{k}='{v}'")


if __name__ == "__main__":
    main()
