#!/usr/bin/env bash
# Runs every Switchboard test suite on a fresh machine and ends with one line: "N passed, N failed".
#   1. installs what the suites need (Debian's chromium and janus, the npm packages of tests/js),
#   2. builds the solution and runs the C# suite (xunit: server, MSAL.NET, standard validators),
#   3. starts the server with the test seed and runs the node suites (msal-node, Playwright + chromium).
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
WORK=$(mktemp -d /tmp/switchboard-tests.XXXXXX)
SERVER_PID=""
passed=0
failed=0

cleanup() {
  for pid in $SERVER_PID; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

step "Installing what the suites need"
if ! command -v chromium >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
# Janus (Debian's package) is the SFU the calling tests launch through the server (Calling:Janus:Mode=launch).
if ! command -v janus >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq janus >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq janus >/dev/null
  fi
fi
echo "janus: $(command -v janus || echo missing)"
CHROMIUM=$(command -v chromium || true)
echo "chromium: ${CHROMIUM:-missing}"
(cd tests/js && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; failed=$((failed + 1)); }

step "Building"
if ! dotnet build Switchboard.slnx -c Release --nologo -v quiet; then
  echo "The build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

step "C# suite (xunit)"
dotnet test tests/Switchboard.Tests -c Release --no-build --nologo \
  --logger "trx;LogFileName=dotnet.trx" --logger "console;verbosity=normal" --results-directory "$WORK/results"
trx="$WORK/results/dotnet.trx"
if [[ -f "$trx" ]]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  n=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
  e=$(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + p)); failed=$((failed + f + n - e))
else
  echo "The C# suite produced no results."; failed=$((failed + 1))
fi

step "Starting the servers for the node suites"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
DLL=src/Switchboard/bin/Release/net10.0/Switchboard.dll
PIDS=()
start_server() { # name port extra-args... (SEED=<file> to use another seed than the test seed)
  local name=$1 port=$2; shift 2
  dotnet "$DLL" --data "$WORK/$name" --seed "${SEED:-tests/seed/test-seed.json}" --urls "https://localhost:$port" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}
wait_ready() { # name port
  local name=$1 port=$2
  for _ in $(seq 1 240); do
    if [[ -f "$WORK/$name/tls/ca.pem" ]] && curl -sf --cacert "$WORK/$name/tls/ca.pem" "https://localhost:$port/common/discovery/instance" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "The $name server did not start:"; tail -40 "$WORK/$name.log"; return 1
}
PORT=$(free_port); SHORT_PORT=$(free_port); DEMO_PORT=$(free_port)
# The main server launches its own Janus: calls of 4 or more go through the SFU (sfu-group.test.mjs; the
# mesh tests stay at 2-3 people).
start_server main "$PORT" --Calling:Janus:Mode=launch --Calling:Janus:SfuThreshold=4
# Entra access tokens of 20 seconds, for credentials that must stay valid across expiry.
start_server short "$SHORT_PORT" --Login:AccessTokenLifetimeMin=00:00:20 --Login:AccessTokenLifetimeMax=00:00:20 --Calling:RingTimeout=00:00:05 --Communication:ClockSkew=00:00:01
# The demo directory, where Fabrikam has not consented to Contoso Calls: the web story starts with that consent.
SEED=src/Switchboard/Directory/Seed/demo-seed.json start_server demo "$DEMO_PORT"
SERVER_PID="${PIDS[*]}"
if wait_ready main "$PORT" && wait_ready short "$SHORT_PORT" && wait_ready demo "$DEMO_PORT"; then
  { cat "$WORK/main/tls/ca.pem"; echo; cat "$WORK/short/tls/ca.pem"; echo; cat "$WORK/demo/tls/ca.pem"; echo; } >"$WORK/ca-bundle.pem"
  step "Node suites (node --test)"
  (cd tests/js && SWITCHBOARD_URL="https://localhost:$PORT" SWITCHBOARD_SHORT_URL="https://localhost:$SHORT_PORT" \
    SWITCHBOARD_DEMO_URL="https://localhost:$DEMO_PORT" NODE_EXTRA_CA_CERTS="$WORK/ca-bundle.pem" CHROMIUM_PATH="$CHROMIUM" \
    node --test --test-reporter=spec --test-reporter-destination=stdout \
                --test-reporter=tap --test-reporter-destination="$WORK/node.tap")
  if [[ -f "$WORK/node.tap" ]]; then
    p=$(grep -E '^# pass [0-9]+' "$WORK/node.tap" | awk '{print $3}' | tail -1)
    f=$(grep -E '^# fail [0-9]+' "$WORK/node.tap" | awk '{print $3}' | tail -1)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
  else
    echo "The node suites produced no results."; failed=$((failed + 1))
  fi
else
  failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
