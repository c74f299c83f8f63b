namespace EventTracking.Generators.Tests;

/// <summary>Snippets compiled with the generator and run: what their events hold, and what the generator wrote.</summary>
public sealed class GeneratedReaderTests
{
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using EventTracking;

        public static class Snippet
        {
            public static string Run()
            {
                var memory = new InMemoryBackend();
                var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["m"] = memory });
                Body(tracker);
                return string.Join("\n", System.Linq.Enumerable.Select(memory.Events, e => EventJson.Serialize(e with { Id = Guid.Empty, Timestamp = DateTimeOffset.UnixEpoch })));
            }

        """;

    [Test]
    public void AnAnonymousObjectIsReadByAGeneratedReaderRegisteredForItsType()
    {
        var source = Snippet("""
            static void Body(Tracker tracker)
            {
                using (tracker.Context("outer", new { user_id = 10938 }))
                {
                    tracker.Emit("navigation.request", new { url = "http://x/1", count = 2 });
                }
            }
            """);

        var result = GeneratorHarness.Compile(source);

        Assert.That(result.Generated, Does.Contain("Register(TypeOf(static () => new { url = default(string), count = default(int) })"));
        Assert.That(Context(GeneratorHarness.Run(source)), Is.EqualTo("""{"user_id":10938}|{"url":"http://x/1","count":2}"""));
    }

    [Test]
    public void NestedValuesRecordsAndStructsAreReadByGeneratedReadersAtEveryDepth()
    {
        var source = Snippet("""
            public sealed record Address(string City, string Zip);
            public readonly record struct Point(int X, int Y);
            public sealed class Order
            {
                public int Id { get; init; }
                public Address? Shipping { get; init; }
                public Point At { get; init; }
                public List<Address> Previous { get; } = [new Address("Paris", "75001")];
            }

            static void Body(Tracker tracker)
            {
                tracker.Emit("order", new Order { Id = 7, Shipping = new Address("Boston", "02115"), At = new Point(1, 2) });
                tracker.Emit("wrapped", new { order = new { id = 8, at = new Point(3, 4) } });
            }
            """);

        var result = GeneratorHarness.Compile(source);
        var lines = ((string)GeneratorHarness.Run(source)!).Split('\n');

        Assert.That(result.Generated, Does.Contain("InterceptsLocation"));
        Assert.That(result.Generated, Does.Contain("typeof(global::Snippet.Address)"));
        Assert.That(Context(lines[0]), Is.EqualTo("""{}|{"Id":7,"Shipping":{"City":"Boston","Zip":"02115"},"At":{"X":1,"Y":2},"Previous":[{"City":"Paris","Zip":"75001"}]}"""));
        Assert.That(Context(lines[1]), Is.EqualTo("""{}|{"order":{"id":8,"at":{"X":3,"Y":4}}}"""));
    }

    [Test]
    public void RenamedAndIgnoredPropertiesFollowTheirJsonAttributes()
    {
        var source = Snippet("""
            public sealed class Profile
            {
                [JsonPropertyName("user_id")] public int UserId { get; init; }
                [JsonIgnore] public string Secret { get; init; } = "hidden";
                [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Nickname { get; init; }
                [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Score { get; init; }
                [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Team { get; init; }
            }

            static void Body(Tracker tracker)
            {
                tracker.EnterContext("user", new Profile { UserId = 10938 });
                tracker.Emit("login", new Profile { UserId = 1, Nickname = "ada", Score = 3 });
                tracker.ExitContext("user");
            }
            """);

        Assert.That(Context(GeneratorHarness.Run(source)), Is.EqualTo("""{"user_id":10938,"Team":null}|{"user_id":1,"Nickname":"ada","Score":3,"Team":null}"""));
    }

    [Test]
    public void TheReflectionFallbackHonoursTheSameJsonAttributes()
    {
        var source = Snippet("""
            public sealed class Profile
            {
                [JsonPropertyName("user_id")] public int UserId { get; init; }
                [JsonIgnore] public string Secret { get; init; } = "hidden";
            }

            static void Body(Tracker tracker)
            {
                object value = new Profile { UserId = 5 };
                tracker.Emit("login", value);
            }
            """);

        var result = GeneratorHarness.Compile(source);

        Assert.That(result.Generated ?? string.Empty, Does.Not.Contain("Profile"));
        Assert.That(Context(GeneratorHarness.Run(source)), Is.EqualTo("""{}|{"user_id":5}"""));
    }

    [Test]
    public void GenericMethodsAreReadThroughTheirConstraintAndWarnWithoutOne()
    {
        var source = Snippet("""
            public interface IHasId { int Id { get; } }
            public sealed record Item(int Id, string Name) : IHasId;
            public sealed record Box<T>(T Content);

            static void Constrained<T>(Tracker tracker, T value) where T : IHasId => tracker.Emit("constrained", value);
            static void Unconstrained<T>(Tracker tracker, T value) => tracker.Emit("unconstrained", value);

            static void Body(Tracker tracker)
            {
                Constrained(tracker, new Item(1, "a"));
                Unconstrained(tracker, new Item(2, "b"));
                tracker.Emit("boxed", new Box<int>(3));
            }
            """);

        var trimmed = GeneratorHarness.Compile(source, trimmed: true);
        var lines = ((string)GeneratorHarness.Run(source)!).Split('\n');

        Assert.That(trimmed.GeneratorDiagnostics.Select(d => d.Id), Is.EqualTo(new[] { "ET0001" }));
        Assert.That(trimmed.GeneratorDiagnostics[0].GetMessage(), Does.Contain("'T"));
        Assert.That(Context(lines[0]), Is.EqualTo("""{}|{"Id":1}"""));
        Assert.That(Context(lines[1]), Is.EqualTo("""{}|{"Id":2,"Name":"b"}"""));
        Assert.That(Context(lines[2]), Is.EqualTo("""{}|{"Content":3}"""));
    }

    [Test]
    public void AValueTypedObjectFallsBackToReflectionWithAWarningOnlyWhenTrimmed()
    {
        var source = Snippet("""
            static void Body(Tracker tracker)
            {
                object data = new { url = "http://x/1" };
                tracker.Emit("navigation.request", data);
                Trackers.Register(tracker);
                Trackers.Emit("registry", data);
            }
            """);

        var trimmed = GeneratorHarness.Compile(source, trimmed: true);
        var untrimmed = GeneratorHarness.Compile(source);

        Assert.That(trimmed.GeneratorDiagnostics.Select(d => d.Id), Is.EqualTo(new[] { "ET0001", "ET0001" }));
        Assert.That(trimmed.GeneratorDiagnostics[0].Severity, Is.EqualTo(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        Assert.That(trimmed.GeneratorDiagnostics[0].GetMessage(), Does.Contain("Tracker.Emit").And.Contain("'object'"));
        Assert.That(untrimmed.GeneratorDiagnostics, Is.Empty);
        Assert.That(Context(((string)GeneratorHarness.Run(source)!).Split('\n')[0]), Is.EqualTo("""{}|{"url":"http://x/1"}"""));
    }

    [Test]
    public void KeyValuePairsAndAsyncAndInterfaceCallsAreIntercepted()
    {
        var source = Snippet("""
            public sealed record Line(string Sku);

            static void Body(Tracker tracker)
            {
                ITracker through = tracker;
                IReadOnlyDictionary<string, int> counts = new Dictionary<string, int> { ["a"] = 1 };
                using (through.Context("cart", counts))
                {
                    through.EmitAsync("line", new Line("x-1")).AsTask().GetAwaiter().GetResult();
                    through.Emit("pairs", new List<KeyValuePair<string, Line>> { new("first", new Line("y-2")) });
                }
            }
            """);

        var result = GeneratorHarness.Compile(source);
        var lines = ((string)GeneratorHarness.Run(source)!).Split('\n');

        Assert.That(result.Generated, Does.Contain("EmitAsync_").And.Contain("Context_").And.Contain("Emit_"));
        Assert.That(Context(lines[0]), Is.EqualTo("""{"a":1}|{"Sku":"x-1"}"""));
        Assert.That(Context(lines[1]), Is.EqualTo("""{"a":1}|{"first":{"Sku":"y-2"}}"""));
    }

    [Test]
    public void AnonymousObjectsHoldingAnonymousArraysAndListsAreRegistered()
    {
        var source = Snippet("""
            static void Body(Tracker tracker)
            {
                var items = new[] { new { sku = "a", qty = 1 } };
                tracker.Emit("cart", new { items, again = System.Linq.Enumerable.ToList(items) });
            }
            """);

        var result = GeneratorHarness.Compile(source);

        Assert.That(result.Generated, Does.Contain("Register(TypeOf(static () => new { sku = default(string), qty = default(int) })"));
        Assert.That(Context(GeneratorHarness.Run(source)), Is.EqualTo("""{}|{"items":[{"sku":"a","qty":1}],"again":[{"sku":"a","qty":1}]}"""));
    }

    [Test]
    public void ANullableJsonElementIsReadByTheLibraryWithoutAWarning()
    {
        var source = Snippet("""
            static void Body(Tracker tracker)
            {
                System.Text.Json.JsonElement? data = System.Text.Json.JsonDocument.Parse("{\"level\":3}").RootElement;
                tracker.Emit("json", data);
            }
            """);

        var trimmed = GeneratorHarness.Compile(source, trimmed: true);

        Assert.That(trimmed.GeneratorDiagnostics, Is.Empty);
        Assert.That(Context(GeneratorHarness.Run(source)), Is.EqualTo("""{}|{"level":3}"""));
    }

    private static string Snippet(string body) => Prelude + body + "\n}\n";

    private static string Context(object? output)
    {
        var json = System.Text.Json.JsonDocument.Parse((string)output!).RootElement;
        return json.GetProperty("context").GetRawText() + "|" + json.GetProperty("data").GetRawText();
    }
}
