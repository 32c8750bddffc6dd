#!/usr/bin/env python3
"""Chooses addresses, ports and timings for one recording, from a seed.

Prints shell assignments (KEY=value) that tools/record-scenarios evals. Seed 0 is the
canonical plan documented in pcaps/README.md (the ports the issue names: 3511, 3255,
3206); any other seed draws subnets, port roles and intervals afresh, so a second
recording exercises a classifier on addresses and ports it has not seen.
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
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
                     TUNNEL_PORT=3925, VICTIM_OPEN=3511, VICTIM_CLOSED=3255)
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
        # 13 distinct orphaned ports for the distinct roles; some roles share on purpose
        # (the same port means different things with different peers).
        p = rng.sample(ORPHANED, 13)
        roles = dict(CUSTOM_TCP=p[0], CUSTOM_TLS=p[1], CUSTOM_UDP=p[2], CUSTOM_ECHO=p[3],
                     NOLISTEN_TCP=p[4], NOLISTEN_UDP=p[5], DIG_PORT=p[6], CURL_PORT=p[7],
                     SYSLOG_PORT=p[8], NTP_PORT=p[9], WRONGHOST_PORT=p[0],
                     BEACON_OUT=p[10], BEACON_IN=p[11], SHELL_PORT=p[7], EXFIL_PORT=p[4],
                     TUNNEL_PORT=p[12], VICTIM_OPEN=p[rng.randrange(13)],
                     VICTIM_CLOSED=p[rng.randrange(13)])
        if roles["VICTIM_OPEN"] == roles["VICTIM_CLOSED"]:
            roles["VICTIM_CLOSED"] = p[(p.index(roles["VICTIM_OPEN"]) + 1) % 13]
        un = rng.sample(UNASSIGNED, 2)
        roles["UNASSIGNED_CUSTOM"] = un[0]
        roles["UNASSIGNED_BEACON"] = un[1]
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
    out.update({k: str(v) for k, v in roles.items()})
    for k, v in out.items():
        print(f"{k}='{v}'")


if __name__ == "__main__":
    main()
