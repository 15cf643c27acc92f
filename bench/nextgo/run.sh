#!/usr/bin/env bash
# Measures devserver and next dev (Next.js 16.5, experimental.goRoutes) side
# by side on the same project in Next's Go convention
# (nextcompat/testdata/project): the first answer after start, the time an
# edit of a route takes to show, and the memory of the whole process tree
# once every route has answered. next dev is skipped when node is absent.
#
#   bench/nextgo/run.sh            # from the repository root; a few minutes
#
# It prints one line per server: first request (ms), reload (ms, median of
# 5 edits), RSS (MiB).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; sleep 1; rm -rf "$work" 2>/dev/null || true' EXIT
routes=(/api/hello /blog/a/b /docs /api/cookies /api/headers /items/a /api/search /users/7 /api /cart /rss.xml /echo/x)

now_ms() { date +%s%3N; }

# rss_mib PID: resident memory of PID and all its descendants, in MiB.
rss_mib() {
	local pids total=0 kb
	pids=$(ps -e -o pid=,ppid= | awk -v root="$1" '{p[$1]=$2} END {for (k in p) {c=k; while (c && c!=root) c=p[c]; if (c==root) print k}}')
	for p in $pids; do
		kb=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
		total=$((total + ${kb:-0}))
	done
	echo $((total / 1024))
}

# wait_body URL TEXT: poll until the body contains TEXT.
wait_body() {
	until curl -fs "$1" 2>/dev/null | grep -q "$2"; do sleep 0.005; done
}

# measure NAME DIR PORT CMD...: start CMD in DIR, then measure.
measure() {
	local name=$1 dir=$2 port=$3
	shift 3
	local url="http://localhost:$port" start first reloads=() pid
	start=$(now_ms)
	(cd "$dir" && exec "$@" >"$work/$name.log" 2>&1) &
	pid=$!
	until curl -fs "$url/api/hello" >/dev/null 2>&1; do sleep 0.01; done
	first=$(($(now_ms) - start))
	for r in "${routes[@]}"; do curl -fs "$url$r" >/dev/null || true; done
	local file="$dir/app/items/[slug]/route.go"
	for i in 1 2 3 4 5; do
		sed -i "s/Item[^ ]* %s/Item$i %s/" "$file"
		start=$(now_ms)
		wait_body "$url/items/a" "Item$i a"
		reloads+=($(($(now_ms) - start)))
	done
	local median
	median=$(printf '%s\n' "${reloads[@]}" | sort -n | sed -n 3p)
	printf '%-10s first request %6d ms   reload %6d ms (median of 5)   memory %5d MiB\n' "$name" "$first" "$median" "$(rss_mib "$pid")"
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

go build -o "$work/devserver" "$root"
cp -r "$root/nextcompat/testdata/project" "$work/ds"
measure devserver "$work/ds" 3801 "$work/devserver" -p 3801 --check=false .

if command -v node >/dev/null; then
	cp -r "$root/nextcompat/testdata/project" "$work/next"
	(cd "$work/next" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
	measure "next dev" "$work/next" 3802 npx next dev -p 3802
else
	echo "next dev: skipped (node is not installed)"
fi
