#!/usr/bin/env python3
"""Tests of tools/zeek-agreement itself: matching, the unset rules, and the exit status, on
tiny hand-written conn.logs and a fake ghostport. The real comparison needs ghostport; these
make sure a disagreement is reported as one and cannot hide behind a parsing mistake."""

import importlib.machinery
import importlib.util
import io
import json
import os
import stat
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "tools", "zeek-agreement")

_loader = importlib.machinery.SourceFileLoader("zeek_agreement", SCRIPT)
_spec = importlib.util.spec_from_loader("zeek_agreement", _loader)
za = importlib.util.module_from_spec(_spec)
_loader.exec_module(za)

FIELDS = ("ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto service duration orig_bytes resp_bytes "
          "conn_state local_orig local_resp missed_bytes history orig_pkts orig_ip_bytes resp_pkts "
          "resp_ip_bytes tunnel_parents ip_proto").split()
TYPES = ("time string addr port addr port enum string interval count count string bool bool count string "
         "count count count count set[string] count").split()


def conn_log(rows):
    head = textwrap.dedent("""\
        #separator \\x09
        #set_separator\t,
        #empty_field\t(empty)
        #unset_field\t-
        #path\tconn
        #open XXXX-XX-XX-XX-XX-XX
        """)
    head += "#fields\t" + "\t".join(FIELDS) + "\n#types\t" + "\t".join(TYPES) + "\n"
    body = "".join("\t".join(r) + "\n" for r in rows)
    return head + body + "#close XXXX-XX-XX-XX-XX-XX\n"


def row(orig, oport, resp, rport, state="SF", history="ShADadFf", duration="0.100000", ob="10", rb="20",
        proto="tcp", parents="-", service="-"):
    return ["XXXXXXXXXX.XXXXXX", "Cx", orig, str(oport), resp, str(rport), proto, service, duration, ob, rb,
            state, "F", "F", "0", history, "5", "270", "4", "228", parents, "6"]


def as_ours(r, **changes):
    rec = dict(zip(FIELDS, r))
    rec = {k: v for k, v in rec.items() if v != "-"}
    rec = za.zeek_record_as_json(rec)
    rec.update(changes)
    return rec


def swapped(r):
    s = list(r)
    s[2], s[3], s[4], s[5] = r[4], r[5], r[2], r[3]
    return s


class CompareTrace(unittest.TestCase):
    def compare(self, zeek_rows, ours):
        with tempfile.NamedTemporaryFile("w", suffix=".conn.log", delete=False) as f:
            f.write(conn_log(zeek_rows))
        try:
            records, fields, _ = za.read_zeek_conn_log(f.name)
        finally:
            os.unlink(f.name)
        return za.compare_trace("t.pcap", records, fields, ours, False)

    def test_identical_connection_agrees(self):
        r = row("10.0.0.1", 1234, "10.0.0.2", 80)
        res = self.compare([r], [as_ours(r)])
        self.assertEqual((res.matched, res.agreeing, res.problems), (1, 1, []))

    def test_each_compared_field_is_checked(self):
        r = row("10.0.0.1", 1234, "10.0.0.2", 80)
        for field, value in [("conn_state", "S1"), ("history", "ShAD"), ("orig_pkts", 6), ("resp_pkts", 3),
                             ("orig_ip_bytes", 1), ("resp_ip_bytes", 1), ("orig_bytes", 11),
                             ("resp_bytes", 21), ("duration", 0.100002)]:
            res = self.compare([r], [as_ours(r, **{field: value})])
            self.assertEqual(res.agreeing, 0, field)
            self.assertIn(f"{field}: zeek", res.problems[0])

    def test_duration_agrees_within_one_microsecond(self):
        r = row("10.0.0.1", 1234, "10.0.0.2", 80)
        self.assertEqual(self.compare([r], [as_ours(r, duration=0.100001)]).agreeing, 1)

    def test_unset_equals_zero_or_absent(self):
        r = row("10.0.0.1", 1234, "10.0.0.2", 80, state="S0", history="S", duration="-", ob="-", rb="-")
        ours = as_ours(r)
        self.assertNotIn("duration", ours)
        ours.update(orig_bytes=0, resp_bytes=0, duration=0.0)
        self.assertEqual(self.compare([r], [ours]).agreeing, 1)

    def test_unset_history_equals_absent_history(self):
        r = row("10.0.0.1", 1234, "10.0.0.2", 80, state="OTH", history="-")
        self.assertEqual(self.compare([r], [as_ours(r)]).agreeing, 1)
        self.assertEqual(self.compare([r], [as_ours(r, history="D")]).agreeing, 0)

    def test_reversed_tuple_is_a_direction_disagreement(self):
        r = row("10.0.0.1", 1234, "10.0.0.2", 80)
        res = self.compare([r], [as_ours(swapped(r))])
        self.assertEqual((res.matched, res.agreeing), (1, 0))
        self.assertIn("direction", res.problems[0])

    def test_missing_and_extra_connections_are_reported(self):
        a = row("10.0.0.1", 1234, "10.0.0.2", 80)
        b = row("10.0.0.3", 1234, "10.0.0.2", 80)
        res = self.compare([a], [as_ours(b)])
        self.assertEqual((res.matched, res.agreeing), (0, 0))
        self.assertTrue(any("missing" in p for p in res.problems))
        self.assertTrue(any("extra" in p for p in res.problems))

    def test_repeated_tuples_pair_exact_matches_first_whatever_the_order(self):
        first = row("10.0.0.1", 1234, "10.0.0.2", 80, state="S0", history="S", duration="-", ob="-", rb="-")
        second = row("10.0.0.1", 1234, "10.0.0.2", 80)
        self.assertEqual(self.compare([first, second], [as_ours(first), as_ours(second)]).agreeing, 2)
        self.assertEqual(self.compare([first, second], [as_ours(second), as_ours(first)]).agreeing, 2)

    def test_repeated_tuples_without_exact_match_pair_in_order_of_appearance(self):
        first = row("10.0.0.1", 1234, "10.0.0.2", 80, state="S0", history="S", duration="-", ob="-", rb="-")
        second = row("10.0.0.1", 1234, "10.0.0.2", 80)
        res = self.compare([first, second], [as_ours(first, history="Sr"), as_ours(second, history="ShAD")])
        self.assertEqual((res.matched, res.agreeing), (2, 0))
        self.assertIn("history: zeek S vs ours Sr", res.problems[0])
        self.assertIn("history: zeek ShADadFf vs ours ShAD", res.problems[1])

    def test_ipv6_endpoints_are_bracketed_in_reports(self):
        r = row("2001:db8::1", 1234, "2001:db8::2", 80)
        res = self.compare([r], [])
        self.assertIn("tcp [2001:db8::1]:1234 -> [2001:db8::2]:80: missing", res.problems[0])

    def test_reversed_match_never_steals_a_same_direction_partner(self):
        ab = row("10.0.0.1", 1234, "10.0.0.2", 80)
        ba = swapped(ab)
        res = self.compare([ab, ba], [as_ours(ba), as_ours(ab)])
        self.assertEqual(res.agreeing, 2)

    def test_tunnel_parents_compare_the_connections_they_name(self):
        outer = row("192.168.0.1", 40000, "192.168.0.2", 4789, proto="udp")
        outer[1] = "CzeekOuter"
        inner = row("10.0.0.1", 1234, "10.0.0.2", 80, parents="CzeekOuter")
        ours_outer = as_ours(outer, uid="CoursOuter")
        res = self.compare([outer, inner], [ours_outer, as_ours(inner, tunnel_parents=["CoursOuter"])])
        self.assertEqual((res.agreeing, res.parents_checked, res.parents_agreeing), (2, 1, 1), res.problems)
        # The same parent uid, but pointing at another connection of ours: a disagreement.
        other = as_ours(row("192.168.0.9", 40000, "192.168.0.2", 4789, proto="udp"), uid="CoursOther")
        res = self.compare([outer, inner], [ours_outer, other, as_ours(inner, tunnel_parents=["CoursOther"])])
        self.assertEqual((res.agreeing, res.parents_agreeing), (2, 0))
        self.assertTrue(any("tunnel_parents: zeek {udp 192.168.0.1:40000" in p for p in res.problems), res.problems)

    def test_service_is_compared_as_a_set_where_zeek_sets_it(self):
        r = row("10.0.0.1", 1234, "10.0.0.2", 22, service="ssh")
        res = self.compare([r], [as_ours(r)])
        self.assertEqual((res.agreeing, res.service_checked, res.service_agreeing), (1, 1, 1), res.problems)
        res = self.compare([r], [as_ours(r, service="ssl")])
        self.assertEqual((res.agreeing, res.service_checked, res.service_agreeing), (1, 1, 0))
        self.assertTrue(any("service: zeek ssh vs ours ssl" in p for p in res.problems), res.problems)
        missing = as_ours(r)
        del missing["service"]
        res = self.compare([r], [missing])
        self.assertEqual(res.service_agreeing, 0)
        self.assertTrue(any("service: zeek ssh vs ours -" in p for p in res.problems), res.problems)
        # Zeek logs analyzers in the order they confirmed; the set is what counts.
        two = row("10.0.0.1", 1234, "10.0.0.2", 993, service="imap,ssl")
        res = self.compare([two], [as_ours(two, service="ssl,imap")])
        self.assertEqual(res.service_agreeing, 1, res.problems)
        # Unset in Zeek's record: nothing to compare.
        plain = row("10.0.0.1", 1234, "10.0.0.2", 80)
        res = self.compare([plain], [as_ours(plain, service="http")])
        self.assertEqual((res.service_checked, res.problems), (0, []))

    def test_ip_tunnel_parents_are_zeek_tunnel_uids_or_our_gre_flows(self):
        inner = row("10.0.0.1", 1234, "10.0.0.2", 80, parents="CipTunnelOnlyInTunnelLog")
        gre = {"uid": "CoursGre", "proto": "unknown_transport", "id.orig_h": "1.1.1.1", "id.orig_p": 0,
               "id.resp_h": "2.2.2.2", "id.resp_p": 0, "ip_proto": 47}
        res = self.compare([inner], [gre, as_ours(inner, tunnel_parents=["CoursGre"])])
        self.assertEqual(res.parents_agreeing, 1, res.problems)

    def test_ipv6_addresses_compare_by_value_not_spelling(self):
        r = row("2001:db8::1", 1234, "2001:db8::2", 80)
        res = self.compare([r], [as_ours(r, **{"id.orig_h": "2001:0db8:0:0::1"})])
        self.assertEqual(res.agreeing, 1)


class CommandLine(unittest.TestCase):
    """The script end to end, against a fake folder of Zeek traces and a fake ghostport."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        zeek = self.zeek_dir = os.path.join(self.tmp.name, "zeek")
        os.makedirs(os.path.join(zeek, "tunnels"))
        self.good = row("10.0.0.1", 1234, "10.0.0.2", 80)
        self.tunnel = row("192.168.0.1", 4789, "192.168.0.2", 4789, proto="udp", parents="CtunnelX")
        for name, rows in [("a.pcap", [self.good]), ("tunnels/t.pcap", [self.tunnel])]:
            with open(os.path.join(zeek, name), "wb"):
                pass
            with open(os.path.join(zeek, name + ".conn.log"), "w") as f:
                f.write(conn_log(rows))
        self.out_dir = os.path.join(self.tmp.name, "out")
        os.makedirs(self.out_dir)
        self.ghostport = os.path.join(self.tmp.name, "ghostport")
        with open(self.ghostport, "w") as f:
            # Prints out/<basename>.json for `flows -r TRACE -F json`.
            f.write("#!/bin/sh\n"
                    "[ \"$1 $2 $4 $5\" = \"flows -r -F json\" ] || exit 2\n"
                    f"cat \"{self.out_dir}/$(basename \"$3\").json\"\n")
        os.chmod(self.ghostport, os.stat(self.ghostport).st_mode | stat.S_IXUSR)

    def tearDown(self):
        self.tmp.cleanup()

    def write_ours(self, name, records):
        with open(os.path.join(self.out_dir, name + ".json"), "w") as f:
            for r in records:
                f.write(json.dumps(r) + "\n")

    def run_script(self, *extra):
        out = io.StringIO()
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, io.StringIO()
        try:
            rc = za.main(["--ghostport", self.ghostport, "--zeek-dir", self.zeek_dir,
                          *extra])
        finally:
            sys.stdout, sys.stderr = saved
        return rc, out.getvalue()

    def test_threshold_applies_to_each_group(self):
        self.write_ours("a.pcap", [as_ours(self.good)])
        self.write_ours("t.pcap", [])  # the tunnel's connection is missing
        rc, out = self.run_script("--min-agreement", "0.97")
        self.assertEqual(rc, 1, out)
        self.assertIn("tunnels/t.pcap (tunnel)", out)
        rc, out = self.run_script("--min-agreement", "0.5", "--min-tunnel-agreement", "0")
        self.assertEqual(rc, 0, out)  # plain 100 %, all 50 %, tunnelled 0 % allowed

    def test_checksums_verified_where_zeek_ran_without_minus_c(self):
        self.assertTrue(za.zeek_checked_checksums("# @TEST-EXEC: zeek -b -r $TRACES/x.pcap %INPUT"))
        self.assertFalse(za.zeek_checked_checksums("# @TEST-EXEC: zeek -C -r $TRACES/x.pcap"))
        self.assertFalse(za.zeek_checked_checksums("# @TEST-EXEC: zeek -b -C -r $TRACES/x.pcap %INPUT"))
        self.assertFalse(za.zeek_checked_checksums("# @TEST-EXEC: zeek -bC -r $TRACES/x.pcap"))
        self.assertFalse(za.zeek_checked_checksums(None))

    def test_below_threshold_exits_1_and_lists_the_disagreement(self):
        self.write_ours("a.pcap", [as_ours(self.good, history="ShAD")])
        self.write_ours("t.pcap", [])
        rc, out = self.run_script("--min-agreement", "0.97")
        self.assertEqual(rc, 1)
        self.assertIn("history: zeek ShADadFf vs ours ShAD", out)

    def test_markdown_prints_tables_only(self):
        self.write_ours("a.pcap", [as_ours(self.good)])
        rc, out = self.run_script("--markdown", "--trace", "a.pcap")
        self.assertEqual(rc, 0)
        self.assertTrue(
            out.startswith("| trace | zeek conns | ghostport conns | matched | agreeing | % | tunnel parents |"), out)
        self.assertIn("| a.pcap | 1 | 1 | 1 | 1 | 100.0 | - |", out)

    def test_unknown_trace_is_a_usage_error(self):
        rc, _ = self.run_script("--trace", "nope.pcap")
        self.assertEqual(rc, 2)

    def test_ghostport_failure_is_reported_and_counts_as_disagreement(self):
        rc, out = self.run_script("--trace", "a.pcap", "--min-agreement", "0.5")  # no out file: cat fails
        self.assertEqual(rc, 1)
        self.assertIn("ghostport failed: exit status 1", out)


if __name__ == "__main__":
    unittest.main()
