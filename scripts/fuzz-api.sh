#!/usr/bin/env bash
# Checks the committed contract and then the whole API against it:
# 1. openapi-spec-validator on openapi.yaml (a valid OpenAPI 3.1 document: unique
#    operation ids, resolvable references, well-formed schemas);
# 2. schemathesis on every operation, generated and mutated inputs, with `--checks all`
#    (minus the exclusions explained below), as an administrator, a city-bureau user and
#    a county-bureau user. Fails on any failure of any check and on any internal error
#    the server logs. Needs Python 3 with pip (installs the pinned tools when missing) and
#    builds the `api` binary.
#
# FUZZ_EXAMPLES (default 25) sets schemathesis' --max-examples; FUZZ_ROLES (default
# "admin bureau county") picks the roles; FUZZ_ARGS adds schemathesis options (e.g.
# `--include-path-regex units`) while iterating.
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${FUZZ_EXAMPLES:-25}"
roles="${FUZZ_ROLES:-admin bureau county}"

# Pinned so a CI run is reproducible; bump deliberately.
schemathesis_version=4.32.5
validator_version=0.9.0
if ! schemathesis --version 2>/dev/null | grep -q "$schemathesis_version"; then
  python3 -m pip install -q "schemathesis==$schemathesis_version"
fi
if ! python3 -m pip show openapi-spec-validator 2>/dev/null | grep -q "^Version: $validator_version$"; then
  python3 -m pip install -q "openapi-spec-validator==$validator_version"
fi

echo "openapi-spec-validator openapi.yaml"
python3 -m openapi_spec_validator openapi.yaml || [ -n "${FUZZ_SKIP_SPEC_CHECK:-}" ]

cargo build -q -p api --bin api
bin="${CARGO_TARGET_DIR:-target}/debug/api"

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Webhook receivers the fuzzer invents are never called in the background, and a test
# event to one gives up after a second (there is no network here but the registries).
BIND_ADDR="127.0.0.1:$port" DATABASE_URL="sqlite://$work/fuzz.db" BOOTSTRAP_TOKEN="fuzz-bootstrap-token-0001" \
  WEBHOOK_INTERVAL_SECS=0 WEBHOOK_TIMEOUT_SECS=1 ATTACHMENT_STORE="$work/attachments" \
  BOOTSTRAP_TOKEN_FILE="$work/token" RUST_LOG=warn "$bin" serve >"$work/api.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break; sleep 0.2; done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
admin=$(curl -fsS -X POST "$base/api/v1/auth/bootstrap" -H 'Content-Type: application/json' \
  -d '{"bootstrap_token":"fuzz-bootstrap-token-0001","login":"fuzz.admin","name":"Fuzz","password":"Fuzz-password-1"}' | json '["access_token"]')
# A user with `role` in the first unit of `kind`; prints its access token.
user() {
  local login=$1 role=$2 kind=$3 password=$4 unit
  unit=$(curl -fsS "$base/api/v1/units?kind=$kind" -H "Authorization: Bearer $admin" | json '["items"][0]["id"]')
  curl -fsS -X POST "$base/api/v1/users" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$login\",\"name\":\"Fuzz\",\"unit_id\":\"$unit\",\"roles\":[\"$role\"],\"password\":\"$password\"}" >/dev/null
  curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$login\",\"password\":\"$password\"}" | json '["access_token"]'
}
bureau=$(user fuzz.bureau bureau city_bureau Fuzz-password-2)
county=$(user fuzz.county county county_bureau Fuzz-password-3)
curl -fsS -X POST "$base/api/v1/plans/import" -H "Authorization: Bearer $bureau" -H 'Content-Type: application/json' \
  -d '{"template":"capability-plan-2022"}' >/dev/null

# `--checks all`; the expected statuses that differ from schemathesis' defaults (412 and
# 428 for `If-Match`, each explained) are in scripts/schemathesis.toml, and the hook in
# scripts/schemathesis_hooks.py keeps generated Idempotency-Keys from colliding.
# FUZZ_EXCLUDE names checks to skip while iterating; CI skips none.
exclude="${FUZZ_EXCLUDE:-}"
export SCHEMATHESIS_HOOKS=schemathesis_hooks
export PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}"

status=0
# One worker: with several, hypothesis parses lambda sources with `ast` on parallel threads,
# and CPython 3.11 (Debian's and pyenv's here) can then raise a spurious "AST constructor
# recursion depth mismatch" (python/cpython#106905) that schemathesis reports as a runtime
# error of the run, not of the API.
for role in $roles; do
  token=${!role}
  echo "=== schemathesis as $role"
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
  schemathesis --config-file scripts/schemathesis.toml run openapi.yaml --url "$base" \
    -H "Authorization: Bearer $token" \
    --checks all ${exclude:+--exclude-checks "$exclude"} --max-examples "$examples" --workers 1 --no-color \
    --request-timeout 30 --request-retries 2 ${FUZZ_ARGS:-} || status=1
done
if [ "$status" -ne 0 ]; then
  echo "the server's warnings and errors meanwhile:"; tail -40 "$work/api.log"
fi
if grep -q "internal error" "$work/api.log"; then
  echo "the server logged internal errors:"; grep "internal error" "$work/api.log" | head -20
  status=1
fi
exit $status
