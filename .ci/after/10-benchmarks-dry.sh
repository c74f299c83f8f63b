#!/usr/bin/env bash
# Each benchmark run once, nothing timed, in this process: no nested build of generated boilerplate that a loaded
# machine can fail or time out (BenchmarkDotNet's in-process toolchain).
set -uo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
if ! dotnet run -c Release --project benchmarks/EventTracking.Benchmarks -- --filter '*' --job Dry --inProcess > "$log" 2>&1; then
  tail -50 "$log"
  exit 1
fi
