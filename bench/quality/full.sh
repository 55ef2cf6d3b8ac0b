#!/usr/bin/env bash
# The full quality benchmark (docs/benchmarks.md): every suite, JSON lines on stdout. Hours on 2 cores;
# run it in the background, e.g. `npm run bench:quality > quality.jsonl &`.
set -euo pipefail
cd "$(dirname "$0")/../.."
run() { npx tsx bench/quality.ts "$@"; }
run --suite paper
run --suite hardware --sizes 4,6,8,10 --instances 3 --seeds 1,2,3
run --suite qaoa --sizes 6,8,10,12 --instances 3 --seeds 1,2,3 --depths 1,2,3,4
run --suite vqe --sizes 6,8,10,12,14,16 --instances 3 --seeds 1,2,3
run --suite vqe --sizes 18,20 --instances 3 --seeds 1,2,3
run --suite vqe --sizes 24 --instances 2 --seeds 1 --methods default
