namespace EventTracking.Tests.Context;

public sealed class ContextFlowTests
{
    private InMemoryBackend _memory = null!;
    private Tracker _tracker = null!;

    [SetUp]
    public void SetUp()
    {
        _memory = new InMemoryBackend();
        _tracker = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = _memory });
    }

    [TearDown]
    public async Task TearDown() => await _tracker.DisposeAsync();

    [Test]
    public async Task TheContextFlowsIntoAwaitedCallsAndTasksStartedInsideTheBlock()
    {
        using (_tracker.Context("request", new { user_id = 7 }))
        {
            await Task.Yield();
            await EmitLaterAsync("awaited");
            await Task.Run(() => _tracker.Emit("task.run"));
        }

        Assert.That(_memory.Events.Select(e => e.Context["user_id"]), Is.EqualTo(new object[] { 7, 7 }));
    }

    [Test]
    public async Task SixtyFourConcurrentFlowsNeverSeeEachOthersValues()
    {
        using var start = new ManualResetEventSlim();
        var flows = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            start.Wait();
            using (_tracker.Context("request", new { user_id = i, request = $"r{i}" }))
            {
                for (var step = 0; step < 20; step++)
                {
                    await Task.Yield();
                    using (_tracker.Context("step", new { step, request_user = i }))
                    {
                        await Task.Yield();
                        _tracker.Emit("flow.step", new { user = i, step });
                    }
                }
            }
        })).ToArray();

        start.Set();
        await Task.WhenAll(flows);

        var events = _memory.Events;
        Assert.That(events, Has.Count.EqualTo(64 * 20));
        foreach (var evt in events)
        {
            Assert.That(evt.Context["user_id"], Is.EqualTo(evt.Data["user"]));
            Assert.That(evt.Context["request_user"], Is.EqualTo(evt.Data["user"]));
            Assert.That(evt.Context["step"], Is.EqualTo(evt.Data["step"]));
            Assert.That(evt.Context["request"], Is.EqualTo($"r{evt.Data["user"]}"));
        }
    }

    [Test]
    public async Task EnterContextInsideAChildTaskDoesNotLeakIntoTheParent()
    {
        using (_tracker.Context("parent", new { parent = true }))
        {
            await Task.Run(() =>
            {
                _tracker.EnterContext("child", new { child = true });
                _tracker.Emit("in.child");
            });

            _tracker.Emit("in.parent");
        }

        Assert.That(_memory.Events[0].Context.Keys, Is.EquivalentTo(new[] { "parent", "child" }));
        Assert.That(_memory.Events[1].Context.Keys, Is.EquivalentTo(new[] { "parent" }));
    }

    [Test]
    public async Task AContextPushedInsideAnAwaitedMethodEndsWithThatMethod()
    {
        await PushWithoutPoppingAsync();

        Assert.That(_tracker.ResolveContext(), Is.Empty);
    }

    [Test]
    public void TwoTrackersKeepSeparateContextStacks()
    {
        var other = new Tracker(new Dictionary<string, IEventBackend> { ["memory"] = _memory });
        using (_tracker.Context("mine", new { mine = 1 }))
        {
            Assert.That(other.ResolveContext(), Is.Empty);
        }
    }

    private async Task EmitLaterAsync(string name)
    {
        await Task.Delay(1);
        _tracker.Emit(name);
    }

    private async Task PushWithoutPoppingAsync()
    {
        await Task.Yield();
        _tracker.EnterContext("inside", new { inside = true });
    }
}
