#!/usr/bin/env bash
# Times whole commands on the generated data set (seed 42): rapport against the sqlite3 CLI running the
# reference queries of ../shared/tools/ref-queries/ on the data set's reference database, and against
# jrnl (from PyPI, in a virtual environment under target/) reading the data set's journal.txt, all in one
# run; then the full-screen app in a pseudo-terminal (cargo bench --bench tui). Needs python3, sqlite3
# and hyperfine (`apt-get install hyperfine sqlite3`).
#
#   bash benches/compare.sh [ENTRIES]        # default 100000
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-100000}
shared=${RAPPORT_SHARED:-../shared}  # the shared tools (RAPPORT_SHARED for a worktree elsewhere)
data=target/bench-data/compare-$entries
mkdir -p "$data"
chmod 700 "$data"  # rapport warns about a database directory others can read
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
  echo "import of $entries entries: $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s"
fi
venv=target/bench-data/jrnl-venv
if [ ! -x "$venv/bin/jrnl" ]; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q jrnl
fi
jrnl_config=$data/jrnl.yaml
cat > "$jrnl_config" <<YAML
colors: {body: none, date: none, tags: none, title: none}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default: {journal: $PWD/$data/journal.txt}
linewrap: false
tagsymbols: '@'
template: false
timeformat: '%Y-%m-%d %H:%M'
version: $("$venv/bin/jrnl" --version | head -1 | awk '{print $2}')
display_format: text
YAML
slug=$(python3 -c "import json;print(json.load(open('$data/manifest.json'))['top_contact']['slug'])")
jrnl="$venv/bin/jrnl --config-file $jrnl_config"
top=$(python3 -c "import json;print(json.load(open('$data/manifest.json'))['top_contact']['id'])")
top_name=$(sqlite3 "$data/reference.db" "SELECT name FROM contacts WHERE slug = '$slug'")
ref=$shared/tools/ref-queries
export RAPPORT_NOW=2026-11-01T18:00:00+01:00
results=$data/results.md
hyperfine --warmup 3 --min-runs 30 -N --time-unit millisecond --export-markdown "$results" \
  -n "rapport due" "$bin --db $db due" \
  -n "sqlite3 neglect_scan.sql" "sqlite3 $data/reference.db '.read $ref/neglect_scan.sql'" \
  -n "rapport search Förderantrag" "$bin --db $db search Förderantrag --limit 20" \
  -n "sqlite3 search.sql" "sqlite3 $data/reference.db '.read $ref/search.sql'" \
  -n "rapport search vertrag" "$bin --db $db search vertrag --limit 20" \
  -n "rapport search (busiest contact's name)" "$bin --db $db search '$top_name' --limit 20" \
  -n "rapport entries --contact (first 20)" "$bin --db $db entries --contact $top --limit 20" \
  -n "sqlite3 contact.sql" "sqlite3 $data/reference.db '.read $ref/contact.sql'" \
  -n "rapport entries (last 20)" "$bin --db $db entries --limit 20" \
  -n "sqlite3 last20.sql" "sqlite3 $data/reference.db '.read $ref/last20.sql'" >/dev/null
jrnl_results=$data/jrnl-results.md
hyperfine --warmup 1 --runs 5 -N --time-unit millisecond --export-markdown "$jrnl_results" \
  -n "jrnl -contains Förderantrag -n 20" "$jrnl -contains Förderantrag -n 20" \
  -n "jrnl @$slug" "$jrnl @$slug" \
  -n "jrnl -n 20" "$jrnl -n 20" >/dev/null
python3 - "$results" "$jrnl_results" "$slug" <<'PY'
import re, sys
rows = {}
for path in sys.argv[1:3]:
    for line in open(path):
        m = re.match(r"\| `(.+?)` \| ([\d.]+) ± ([\d.]+) \|", line)
        if m:
            rows[m.group(1)] = (float(m.group(2)), float(m.group(3)))
slug = sys.argv[3]
pairs = [("rapport due", "sqlite3 neglect_scan.sql", None),
         ("rapport search Förderantrag", "sqlite3 search.sql", "jrnl -contains Förderantrag -n 20"),
         ("rapport search vertrag", "sqlite3 search.sql", None),
         ("rapport search (busiest contact's name)", "sqlite3 contact.sql", None),
         ("rapport entries --contact (first 20)", "sqlite3 contact.sql", f"jrnl @{slug}"),
         ("rapport entries (last 20)", "sqlite3 last20.sql", "jrnl -n 20")]
print("| rapport command | ms | sqlite3 reference query | ms | ratio | jrnl | ms | jrnl ÷ rapport |")
print("|---|---:|---|---:|---:|---|---:|---:|")
for a, b, c in pairs:
    ra, rb = rows[a], rows[b]
    jrnl = f"`{c}` | {rows[c][0]:.0f} | {rows[c][0]/ra[0]:.0f}×" if c else "(no equivalent) | | "
    print(f"| `{a}` | {ra[0]:.1f} ± {ra[1]:.1f} | `{b}` | {rb[0]:.1f} ± {rb[1]:.1f} | {ra[0]/rb[0]:.2f}× | {jrnl} |")
PY
echo
RAPPORT_BENCH_DB=$PWD/$db cargo bench --quiet --bench tui 2>/dev/null | grep '^|' 
