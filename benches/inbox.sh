#!/usr/bin/env bash
# Times the inbox on the data set (the README's inbox table): the first `rapport inbox scan` of a
# generated Maildir of MESSAGES messages (benches/maildir.py) with its peak memory, a rescan after 50
# new ones, and `rapport contact query` (hyperfine).
#
#   bash benches/inbox.sh [MESSAGES]        # default 100000
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-100000}
shared=${RAPPORT_SHARED:-../shared}
data=target/bench-data/compare-100000
for tool in python3 hyperfine; do
  command -v "$tool" >/dev/null || { echo "inbox.sh needs $tool" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "inbox.sh needs GNU time (/usr/bin/time)" >&2; exit 1; }
mkdir -p "$data" && chmod 700 "$data"
[ -f "$data/rapport.json" ] || python3 "$shared/tools/gen_dataset.py" --seed 42 --entries 100000 --out "$data" >/dev/null
cargo build --release --quiet
bin=$PWD/target/release/rapport
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"
python3 benches/maildir.py "$data/rapport.json" "$work/Mail/INBOX" "$messages"
export HOME=$work/home
mkdir -p "$HOME/.config/rapport"
cat > "$HOME/.config/rapport/config.toml" <<TOML
[inbox]
me = ["anna@example.org"]
maildirs = ["$work/Mail/INBOX"]
ignore = ["noreply@*"]
TOML
db=$work/rapport.db
"$bin" --db "$db" import "$data/rapport.json" >/dev/null
sync  # the folder written, not still in the page cache's dirty pages
/usr/bin/time -f "first scan: %e s (CPU %U s user, %S s system), peak %M KB" "$bin" --db "$db" inbox scan
python3 benches/maildir.py "$data/rapport.json" "$work/Mail/INBOX" 50 "$messages"
/usr/bin/time -f "rescan with 50 new: %e s, peak %M KB" "$bin" --db "$db" inbox scan
hyperfine --warmup 3 --runs 30 -N \
  "$bin --db $db inbox scan" \
  "$bin --db $db contact query schmidt" \
  "$bin --db $db contact query @"
