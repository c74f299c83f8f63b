#!/usr/bin/env bash
# Proves a user can install the packages: packs them into a local folder feed, creates a fresh console project
# outside the solution that references them by version (not by project), builds it and runs the quick start.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
version="0.1.0-ci.$(date +%s)"

dotnet pack "$root/EventTracking.slnx" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
ls "$feed"
for id in EventTracking.Core EventTracking.Sqlite EventTracking.MongoDB EventTracking.Serilog EventTracking.Http EventTracking.AspNetCore EventTracking.Collector; do
  [[ -f "$feed/$id.$version.nupkg" && -f "$feed/$id.$version.snupkg" ]] || { echo "missing package $id"; exit 1; }
done

mkdir "$work/consumer" && cd "$work/consumer"
dotnet new console --framework net10.0 --name Consumer --output . >/dev/null
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
for package in "$feed"/*.nupkg; do
  id=$(basename "$package" ".$version.nupkg")
  dotnet add package "$id" --version "$version" >/dev/null
done
cat > Program.cs <<'CS'
using EventTracking;

var memory = new InMemoryBackend();
var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = memory });
using (tracker.Context("request", new { user_id = 10938 }))
{
    tracker.Emit("navigation.request", new { url = "http://www.edx.org/some/path/1" });
}

Console.WriteLine(EventJson.Serialize(memory.Events[0]));
CS
output=$(dotnet run)
echo "$output"
grep -q '"name":"navigation.request"' <<<"$output"
grep -q '"context":{"user_id":10938}' <<<"$output"
grep -c 'PackageReference' Consumer.csproj
if grep -q 'ProjectReference' Consumer.csproj; then echo "consumer must not use project references"; exit 1; fi
echo "consumer test passed ($version)"
