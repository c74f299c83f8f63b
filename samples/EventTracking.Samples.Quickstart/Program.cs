// edX event-tracking's README example, in C#: prints the three events as canonical JSON lines.
using EventTracking;

var memory = new InMemoryBackend();
var tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = memory });

using (tracker.Context("outer", new { user_id = 10938 }))
{
    tracker.Emit("navigation.request", new { url = "http://www.edx.org/some/path/1" });

    using (tracker.Context("inner", new { user_id = 11111, session_id = "2987lkjdyoioey" }))
    {
        tracker.Emit("navigation.request", new { url = "http://www.edx.org/some/path/2" });
    }

    tracker.Emit("address.create", new
    {
        name = "Address",
        address = new { line1 = "1 Main Street", city = "Boston", state = "MA", zip = "02115" },
    });
}

foreach (var evt in memory.Events)
{
    Console.WriteLine(EventJson.Serialize(evt));
}
