#!/usr/bin/env bash
# Publishes samples/EventTracking.Samples.AotCollector with Native AOT (the routing tree, a SQLite store, and the API keys
# bound from appsettings.json; UseEventTracking; MapEventCollector), fails on any trim/AOT warning (ILxxxx) or ET0001,
# starts the native binary on 127.0.0.1, posts one event to the native route, and reads it back from the SQLite file
# with the eventtracking CLI (src/EventTracking.Cli). The start is awaited by polling the log for the bound address
# (at most 60 s); nothing else waits on time.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
project="$root/samples/EventTracking.Samples.AotCollector"
work=$(mktemp -d)
app_pid=
stop_app() { if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi; }
trap 'stop_app; rm -rf "$work"' EXIT

dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" --nologo 2>&1 | tee "$work/publish.log"
if grep -E 'warning (IL[0-9]{4}|ET[0-9]{4})' "$work/publish.log"; then
  echo "the AOT publish of the web sample reported trim/AOT warnings"
  exit 1
fi
binary="$work/aot/EventTracking.Samples.AotCollector"
[[ -x $binary ]] || { echo "no native binary at $binary"; exit 1; }

key="ci-$RANDOM$RANDOM"
db="$work/events.db"
# Port 0: the kernel picks a free port and the app logs the address it bound ("Now listening on: http://127.0.0.1:N").
(cd "$work/aot" && exec env Collector__Keys__sample="$key" EventTracking__Backends__store__Options__Path="$db" \
  "$binary" --urls http://127.0.0.1:0) >"$work/app.log" 2>&1 &
app_pid=$!

url=
for _ in $(seq 1 600); do
  url=$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$work/app.log" | head -n1 | sed 's/^Now listening on: //' || true)
  [[ -n $url ]] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; echo "the native web sample exited before listening"; exit 1; }
  sleep 0.1
done
[[ -n $url ]] || { cat "$work/app.log"; echo "the native web sample did not report its address"; exit 1; }
echo "native web sample listening on $url"

marker="aot-$RANDOM$RANDOM"
status=$(curl -sS -o "$work/response.json" -w '%{http_code}' -X POST "$url/api/events" \
  -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
  --data "[{\"name\":\"ci.aot.web\",\"context\":{\"user_id\":\"u-1\"},\"data\":{\"marker\":\"$marker\",\"level\":3}}]")
echo "POST /api/events -> $status $(cat "$work/response.json")"
[[ $status == 200 ]] || { cat "$work/app.log"; echo "the native collector did not accept the event"; exit 1; }
grep -q '"accepted":1' "$work/response.json" || { echo "the native collector did not report one accepted event"; exit 1; }

stop_app
# A 200 means the event is committed in the store; read the file the native app wrote, with the JIT-built CLI.
stored=$(dotnet run --project "$root/src/EventTracking.Cli" -- --sqlite "$db" query --name ci.aot.web)
echo "stored: $stored"
grep -q "\"marker\":\"$marker\"" <<<"$stored" || { echo "the event posted to the native collector is not in its SQLite file"; exit 1; }
grep -q '"level":3' <<<"$stored" || { echo "the stored event lost its data"; exit 1; }
grep -q '"collector_surface":"native"' <<<"$stored" || { echo "the stored event lacks the collector's context"; exit 1; }
grep -q '"application":"aot-collector"' <<<"$stored" || { echo "the stored event lacks the configured context"; exit 1; }
echo "Native AOT web sample: published without warnings, accepted an event and stored it in SQLite"
