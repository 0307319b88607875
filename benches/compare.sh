#!/usr/bin/env bash
# Times whole commands on the generated data set (seed 42): rapport against the sqlite3 CLI running the
# reference queries of ../shared/tools/ref-queries/ on the data set's reference database, alternating in
# one run. Needs python3, sqlite3 and hyperfine (`apt-get install hyperfine sqlite3`).
#
#   bash benches/compare.sh [ENTRIES]        # default 100000
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-100000}
shared=../shared
data=target/bench-data/compare-$entries
mkdir -p "$data"
for tool in python3 sqlite3 hyperfine; do
  command -v "$tool" >/dev/null || { echo "compare.sh needs $tool" >&2; exit 1; }
done
if [ ! -f "$data/reference.db" ]; then
  python3 "$shared/tools/gen_dataset.py" --seed 42 --entries "$entries" --out "$data" >/dev/null
fi
cargo build --release --quiet
bin=$PWD/target/release/rapport
db=$data/rapport.db
if [ ! -f "$db" ]; then
  start=$(date +%s.%N)
  "$bin" --db "$db" import "$data/rapport.json" >/dev/null
  echo "import of $entries entries: $(echo "$(date +%s.%N) - $start" | bc) s"
fi
top=$(python3 -c "import json;print(json.load(open('$data/manifest.json'))['top_contact']['id'])")
ref=$shared/tools/ref-queries
export RAPPORT_NOW=2026-11-01T18:00:00+01:00
results=$data/results.md
hyperfine --warmup 3 --min-runs 30 -N --export-markdown "$results" \
  -n "rapport due" "$bin --db $db due" \
  -n "sqlite3 neglect_scan.sql" "sqlite3 $data/reference.db '.read $ref/neglect_scan.sql'" \
  -n "rapport search Förderantrag" "$bin --db $db search Förderantrag --limit 20" \
  -n "sqlite3 search.sql" "sqlite3 $data/reference.db '.read $ref/search.sql'" \
  -n "rapport entries --contact (first 20)" "$bin --db $db entries --contact $top --limit 20" \
  -n "sqlite3 contact.sql" "sqlite3 $data/reference.db '.read $ref/contact.sql'" \
  -n "rapport entries (last 20)" "$bin --db $db entries --limit 20" \
  -n "sqlite3 last20.sql" "sqlite3 $data/reference.db '.read $ref/last20.sql'" >/dev/null
python3 - "$results" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"\| `(.+?)` \| ([\d.]+) ± ([\d.]+) \|", line)
    if m:
        rows[m.group(1)] = (float(m.group(2)), float(m.group(3)))
pairs = [("rapport due", "sqlite3 neglect_scan.sql"),
         ("rapport search Förderantrag", "sqlite3 search.sql"),
         ("rapport entries --contact (first 20)", "sqlite3 contact.sql"),
         ("rapport entries (last 20)", "sqlite3 last20.sql")]
print("| rapport command | mean ms | reference query | mean ms | ratio |")
print("|---|---:|---|---:|---:|")
for a, b in pairs:
    ra, rb = rows[a], rows[b]
    print(f"| `{a}` | {ra[0]:.1f} ± {ra[1]:.1f} | `{b}` | {rb[0]:.1f} ± {rb[1]:.1f} | {ra[0]/rb[0]:.2f}× |")
PY
