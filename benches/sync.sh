#!/usr/bin/env bash
# Times `rapport sync` against a local Radicale (the README's sync table): the first sync of the data
# set's contacts and promises, then (hyperfine) a sync with nothing changed, with one changed contact,
# with one changed promise, and with one changed promise after a quiet sync. Radicale comes from the DAV test venv (`target/dav-venv`, made by .ci/run, or
# RAPPORT_DAV_PYTHON) and keeps its collections in a temporary folder; RADICALE_OPTS adds options
# (e.g. "--storage-use-mtime-and-size-for-item-cache True"). SERVER=xandikos times the same against
# Xandikos (from the same venv) instead.
#
#   bash benches/sync.sh [ENTRIES]        # default 100000
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-100000}
shared=${RAPPORT_SHARED:-../shared}
python=${RAPPORT_DAV_PYTHON:-$PWD/target/dav-venv/bin/python}
data=target/bench-data/compare-$entries
for tool in python3 hyperfine curl; do
  command -v "$tool" >/dev/null || { echo "sync.sh needs $tool" >&2; exit 1; }
done
"$python" -c "import radicale" 2>/dev/null || {
  echo "sync.sh needs Radicale: python3 -m venv target/dav-venv && target/dav-venv/bin/pip install -r tests/tools/dav-requirements.txt" >&2
  exit 1
}
mkdir -p "$data" && chmod 700 "$data"
[ -f "$data/rapport.json" ] || python3 "$shared/tools/gen_dataset.py" --seed 42 --entries "$entries" --out "$data" >/dev/null
cargo build --release --quiet
bin=$PWD/target/release/rapport
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
chmod 700 "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'bench:secret\n' > "$work/users"
printf 'secret\n' > "$work/password" && chmod 600 "$work/password"
if [ "${SERVER:-radicale}" = xandikos ]; then
  "$python" -m xandikos.web --defaults --no-detect-systemd -d "$work/collections" \
    --state-dir "$work/state" -l 127.0.0.1 -p "$port" >"$work/server.log" 2>&1 &
else
  # shellcheck disable=SC2086
  "$python" -m radicale --config "" --storage-filesystem-folder "$work/collections" \
    --server-hosts "127.0.0.1:$port" --auth-type htpasswd --auth-htpasswd-encryption plain \
    --auth-htpasswd-filename "$work/users" --logging-level error ${RADICALE_OPTS:-} >"$work/server.log" 2>&1 &
fi
server=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
export HOME=$work/home RAPPORT_SYNC_PASSWORD_FILE=$work/password
mkdir -p "$HOME/.config/rapport"
cat > "$HOME/.config/rapport/config.toml" <<TOML
[sync]
url = "http://127.0.0.1:$port/"
username = "bench"
TOML
db=$work/rapport.db
"$bin" --db "$db" import "$data/rapport.json" >/dev/null
start=$(date +%s.%N)
"$bin" --db "$db" sync
echo "first sync: $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
contact=$("$bin" --db "$db" contact list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
promise=$("$bin" --db "$db" promise list --open --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
sync="$bin --db $db sync"
edit_contact="$bin --db $db contact edit '#$contact' --note \"\$RANDOM\" >/dev/null"
edit_promise="$bin --db $db promise edit $promise --text \"Angebot \$RANDOM\" >/dev/null"
# Each command has its own --prepare (hyperfine pairs them in order; one --prepare alone would run
# before every command). "after a quiet sync": a second after the last write, a sync that keeps the
# collections' marks, then the change; the plain ones edit and sync back to back, so each sync also
# lists the collection its predecessor wrote to.
hyperfine --warmup 2 --runs 10 \
  --prepare true -n "nothing changed" "$sync" \
  --prepare "$edit_contact" -n "one changed contact" "$sync" \
  --prepare "$edit_promise" -n "one changed promise" "$sync" \
  --prepare "sleep 1.1; $sync >/dev/null; $edit_promise" -n "one changed promise after a quiet sync" "$sync"
