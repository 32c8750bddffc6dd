# Shared by the tests/distribute scripts (sourced): a private JetStream server.
#   nats_start DIR [RUN...]: starts nats-server -js on 127.0.0.1, a free port, storing in
#     DIR/store; RUN prefixes the command (e.g. `ip netns exec NS`). Sets NATS_URL, NATS_PID.
#   nats_stop: SIGKILL (a crash, not a clean shutdown), waits for it to be gone.
nats_start() {
  local dir=$1 attempt
  shift
  NATS_RUN=("$@")
  for attempt in 1 2 3 4 5; do
    NATS_PORT=${NATS_PORT:-$((20000 + RANDOM % 20000))}
    "${NATS_RUN[@]}" nats-server -js -a 127.0.0.1 -p "$NATS_PORT" -sd "$dir/store" >"$dir/nats.log" 2>&1 &
    NATS_PID=$!
    local i
    for ((i = 0; i < 100; i++)); do
      if grep -q "Server is ready" "$dir/nats.log" 2>/dev/null; then
        NATS_URL=nats://127.0.0.1:$NATS_PORT
        return 0
      fi
      kill -0 "$NATS_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$NATS_PID" 2>/dev/null
    wait "$NATS_PID" 2>/dev/null
    unset NATS_PORT  # taken: another
  done
  echo "FAIL: nats-server did not start:"; tail -5 "$dir/nats.log"
  return 1
}

nats_stop() {
  kill -KILL "$NATS_PID" 2>/dev/null
  wait "$NATS_PID" 2>/dev/null
}
