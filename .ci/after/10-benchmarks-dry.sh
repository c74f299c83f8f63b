#!/usr/bin/env bash
# Each benchmark built and run once, nothing timed.
set -uo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
if ! dotnet run -c Release --project benchmarks/EventTracking.Benchmarks -- --filter '*' --job Dry > "$log" 2>&1; then
  tail -50 "$log"
  exit 1
fi
