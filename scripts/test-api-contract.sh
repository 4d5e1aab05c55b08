#!/usr/bin/env bash
# The API against its own contract: schemathesis (from PyPI, installed into the tools cache when
# missing) runs every phase (examples, coverage, fuzzing, stateful) and every check against the
# real server, built in debug and started in test mode on a fresh SQLite database on loopback,
# with a resident's, an officer's and an agent's sessions from the server's own login flows and
# the operator token it prints. A fixed seed and a bounded number of examples keep the run
# repeatable and within a few minutes. Each schemathesis run prints a `test result:` line in
# cargo's format, which scripts/test.sh counts in its total.
# Called by scripts/test.sh; runnable alone from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
source scripts/setup.sh

need_rust

SCHEMATHESIS_VERSION=4.32.5
SEED="${PERMITS_CONTRACT_SEED:-15}"
EXAMPLES="${PERMITS_CONTRACT_EXAMPLES:-25}"

# A venv of its own in the tools cache: nothing is installed system-wide.
venv="${PERMITS_TOOLS_DIR:-$HOME/.cache/permit-tools}/schemathesis-$SCHEMATHESIS_VERSION"
if ! "$venv/bin/st" --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION\$"; then
    python=$(command -v python3.11 || command -v python3)
    log "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

log "API contract: building the server (debug)"
# --workspace keeps test.sh's feature set, so the server its tests built is reused.
cargo build --workspace --bin permit-server
server="$(realpath "${CARGO_TARGET_DIR:-target}")/debug/permit-server"

work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port/api/v1"
log "API contract: starting the server in test mode on 127.0.0.1:$port (fresh SQLite)"
PERMITS_BIND="127.0.0.1:$port" \
PERMITS_DATABASE_URL="sqlite://$work/permits.db" \
PERMITS_COUNCILS_DIR="$PWD/assets/councils" \
PERMITS_GAZETTEER_DIR="$PWD/assets/gazetteer" \
PERMITS_TEST_CLOCK=true \
PERMITS_PAYMENTS_SANDBOX=true \
RUST_LOG="${RUST_LOG:-warn}" \
    "$server" >"$work/server.out" 2>"$work/server.log" &
server_pid=$!

operator_token=""
for _ in $(seq 1 300); do
    operator_token=$(sed -n 's/^operator token (header X-Operator-Token): //p' "$work/server.out")
    [ -n "$operator_token" ] && curl -sf "$base/health/live" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
done
if [ -z "$operator_token" ] || ! curl -sf "$base/health/live" >/dev/null 2>&1; then
    echo "the server did not start:" >&2
    tail -n 30 "$work/server.out" "$work/server.log" >&2
    exit 1
fi

eval "$("$venv/bin/python" scripts/api-contract/sessions.py "$base" "$operator_token")"
export OPERATOR_TOKEN="$operator_token" RESIDENT_TOKEN LEAVING_RESIDENT_TOKEN LEAVING_EVERYWHERE_TOKEN \
    OFFICER_TOKEN LEAVING_STAFF_TOKEN AGENT_TOKEN
export SCHEMATHESIS_HOOKS=hooks
export PYTHONPATH="$PWD/scripts/api-contract"

failed=0
# One schemathesis run over the operations its filter arguments pick; its JUnit report
# becomes cargo's `test result:` line (an operation passes when no case of it failed).
contract_run() {
    local name=$1
    shift
    local junit="$work/$name.xml" status=0
    # From the scratch folder: schemathesis keeps a cache of earlier failures in its working
    # folder, and a run must not depend on the runs before it.
    (cd "$work" && "$venv/bin/st" --config-file "$repo/scripts/api-contract/schemathesis.toml" --no-color run \
        "$base/openapi.json" \
        --phases examples,coverage,fuzzing,stateful \
        --checks all \
        --seed "$SEED" \
        --max-examples "$EXAMPLES" \
        --generation-database none \
        --report junit --report-junit-path "$junit" \
        "$@") || status=$?
    "$venv/bin/python" - "$junit" "$status" <<'EOF'
import sys
import xml.etree.ElementTree as ET

path, status = sys.argv[1], int(sys.argv[2])
cases = list(ET.parse(path).getroot().iter("testcase"))
failed = sum(1 for case in cases if case.find("failure") is not None or case.find("error") is not None)
if status != 0 and failed == 0:
    failed = 1  # schemathesis itself failed (schema, network, configuration)
verdict = "ok" if failed == 0 else "FAILED"
print(f"test result: {verdict}. {len(cases) - failed} passed; {failed} failed; 0 ignored; 0 measured; 0 filtered out")
EOF
    [ "$status" -eq 0 ] || failed=1
}

log "API contract: every operation but the test clock"
contract_run main --exclude-path /api/v1/operator/clock

# Moving the test clock ends every session above (30 minutes idle): it goes last, alone.
log "API contract: the test clock"
contract_run clock --include-path /api/v1/operator/clock

if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server stopped during the run:" >&2
    tail -n 30 "$work/server.log" >&2
    exit 1
fi
exit "$failed"
