#!/usr/bin/env bash
# Pulseboard benchmarks: one command builds a Release tree, installs the Node peers and
# runs every figure (bench/README.md). Results: a table on stdout and
# bench/results/latest.json.
#   bash bench/run.sh [--soak] [--only ingest,chart,inspect,keep,store,idle,fanout,natsfanout,ui,startup,soak,web] [--repeat N]
# Environment: PULSEBOARD_BENCH_BUILD (default: build-bench next to bench/), JOBS (default 2).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PULSEBOARD_BENCH_BUILD:-$root/build-bench}
jobs=${JOBS:-2}

# The build dependencies are the product's (packaging/bootstrap.sh installs them); the
# window figures also need Xvfb and the driver Debian's python3.
if ! command -v Xvfb >/dev/null 2>&1 || [ ! -x /usr/bin/python3 ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y -q --no-install-recommends xvfb xauth python3
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DPULSEBOARD_BUILD_BENCH=ON -DPULSEBOARD_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target pulseboard bench_blaster bench_ingest bench_hubhost \
      bench_wsclients bench_chart bench_store bench_minrelay bench_keep

# Node peers (ws, pinned in bench/package.json); node_modules is git-ignored.
if [ ! -f "$root/bench/node_modules/ws/package.json" ]; then
    npm install --prefix "$root/bench" --no-audit --no-fund --loglevel=error
fi

# 10,000 idle connections need ~10,000 descriptors on each side: raise the soft limit
# to the hard one for the benchmark processes only (the app never changes it).
ulimit -n "$(ulimit -Hn)"

exec /usr/bin/python3 "$root/bench/run.py" --build "$build" "$@"
