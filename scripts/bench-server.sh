# Shared by bench.sh and bench-profile.sh (sourced): the release server on loopback, started
# on a data set from `permit-bench seed` and stopped at exit. Needs $server_bin.

work="$(mktemp -d)"
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap 'stop_server; rm -rf "$work"' EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server DATABASE_URL DATA_DIR [WRAPPER...]: the release binary as deployed, default
# logging (optionally under a wrapper such as valgrind); it pays with the sandbox's test cards
# (the test setting), as no council has a real provider here. It sends no message, but a server
# outside --demo needs its PIN channels named. Sets $port, $server_pid, $startup_seconds.
start_server() {
    local url="$1" dir="$2"
    shift 2
    port="$(free_port)"
    PERMITS_DATABASE_URL="$url" PERMITS_GAZETTEER_DIR="$dir/gazetteer" PERMITS_BIND="127.0.0.1:$port" \
        PERMITS_ENFORCEMENT_KEYS="$(cat "$dir/enforcement-keys.txt")" PERMITS_PAYMENTS_SANDBOX=1 \
        PERMITS_SMTP_URL="smtp://127.0.0.1:9" PERMITS_SMS_GATEWAY_URL="http://127.0.0.1:9/sms" \
        "$@" "$server_bin" >"$dir/server.log" 2>&1 &
    server_pid=$!
    local started=$SECONDS
    # Start-up reads the gazetteer and builds the permission index: longer at 10x. Up means
    # answering and the index built: on PostgreSQL the listener builds it after the server
    # answers (session 11's 10x run read "65 MiB at rest" before it, 156 MiB in session 10).
    for _ in $(seq 1 1200); do
        if curl -sf "http://127.0.0.1:$port/health/live" >/dev/null &&
            grep -q "permission index built" "$dir/server.log"; then
            startup_seconds=$((SECONDS - started))
            return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.5
    done
    tail -n 20 "$dir/server.log" >&2
    echo "the server did not start" >&2
    exit 1
}

