#!/usr/bin/env bash
# Publishes the quick start with Native AOT, runs it and the JIT build, and compares their events with ids and
# timestamps masked: the context and data must be identical (a trimmed app must not lose properties), and the
# publish must report no trim or AOT warning (ILxxxx) nor ET0001.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
project="$root/samples/EventTracking.Samples.Quickstart"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" --nologo 2>&1 | tee "$work/publish.log"
if grep -E 'warning (IL[0-9]{4}|ET[0-9]{4})' "$work/publish.log"; then
  echo "the AOT publish reported trim/AOT warnings"
  exit 1
fi

mask() { sed -E 's/"id":"[^"]*"/"id":"?"/g; s/"timestamp":"[^"]*"/"timestamp":"?"/g'; }
jit=$(dotnet run --project "$project" -c Release | mask)
aot=$("$work/aot/EventTracking.Samples.Quickstart" | mask)
echo "JIT: $jit"
echo "AOT: $aot"
[[ $(grep -c '"name"' <<<"$jit") -ge 3 ]] || { echo "the JIT run printed fewer than three events"; exit 1; }
if grep -q '"data":{}' <<<"$aot"; then echo "the AOT build lost event data"; exit 1; fi
if [[ "$jit" != "$aot" ]]; then
  diff <(echo "$jit") <(echo "$aot") || true
  echo "the Native AOT quick start printed different events from the JIT build"
  exit 1
fi
echo "Native AOT quick start matches the JIT build"
