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
for id in EventTracking.Core EventTracking.Sqlite EventTracking.MongoDB EventTracking.Serilog EventTracking.Http EventTracking.AspNetCore EventTracking.Collector EventTracking.Redis EventTracking.PostgreSql EventTracking.OpenTelemetry; do
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
# Only what an app that stores in SQLite needs: no MongoDB.Driver, Serilog or YamlDotNet may come with it.
for id in EventTracking.Core EventTracking.Sqlite EventTracking.AspNetCore; do
  dotnet add package "$id" --version "$version" >/dev/null
done
dotnet add package Microsoft.Extensions.Configuration.Json --version 10.0.0 >/dev/null
cat > Program.cs <<'CS'
using System.Text;
using EventTracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var memory = new InMemoryBackend();
var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = memory });
using (tracker.Context("request", new { user_id = 10938 }))
{
    tracker.Emit("navigation.request", new { url = "http://www.edx.org/some/path/1" });
}

Console.WriteLine(EventJson.Serialize(memory.Events[0]));

// The SQLite type named only in configuration: the package registers it itself.
var db = Path.Combine(Path.GetTempPath(), $"consumer-{Guid.NewGuid():N}.db");
var json = $$"""{ "EventTracking": { "Backends": { "db": { "Type": "Sqlite", "Options": { "Path": "{{db}}" } } } } }""";
var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
await using (var provider = new ServiceCollection().AddEventTracking(configuration.GetSection("EventTracking")).BuildServiceProvider())
{
    provider.GetRequiredService<ITracker>().Emit("consumer.configured", new { ok = true });
}

var stored = await new SqliteEventReader(db).QueryAsync(new EventQuery());
Console.WriteLine($"sqlite from configuration: {stored.Count} {stored[0].Name}");
CS
output=$(dotnet run)
echo "$output"
grep -q '"name":"navigation.request"' <<<"$output"
grep -q '"context":{"user_id":10938}' <<<"$output"
grep -q 'sqlite from configuration: 1 consumer.configured' <<<"$output"
for unwanted in MongoDB.Driver.dll Serilog.dll YamlDotNet.dll EventTracking.Collector.dll; do
  if find bin -name "$unwanted" | grep -q .; then echo "an app using SQLite carries $unwanted"; exit 1; fi
done
grep -c 'PackageReference' Consumer.csproj
if grep -q 'ProjectReference' Consumer.csproj; then echo "consumer must not use project references"; exit 1; fi
echo "consumer test passed ($version)"
