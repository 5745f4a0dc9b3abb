#!/usr/bin/env bash
# Measures the README's first command on a fresh virtual environment with an empty pip cache
# and an empty model cache: install (builds llama.cpp), first run (model assembly + server
# start + inference), second run (reuses the assembled model).
#     bash scripts/first_run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
export LLMCLAIMS_HOME="$work/home"
python3 -m venv "$work/venv"
. "$work/venv/bin/activate"
t0=$(date +%s)
pip install -q --no-cache-dir '.[local]'
t1=$(date +%s)
llmclaims extract examples/nk-artillery-rocket-launchers-russia.txt --format table > "$work/first.txt"
t2=$(date +%s)
llmclaims extract examples/nk-artillery-rocket-launchers-russia.txt --format table > "$work/second.txt"
t3=$(date +%s)
echo "install (build llama.cpp): $((t1 - t0)) s"
echo "first run (assemble model + start server + extract): $((t2 - t1)) s"
echo "second run (start server + extract): $((t3 - t2)) s"
echo "outputs: $work/first.txt $work/second.txt"
