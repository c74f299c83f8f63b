namespace EventTracking.Tests.Routing;

public sealed class IntakeQueueTests
{
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(8)]
    public void HoldsExactlyItsCapacityWhateverTheRingSize(int capacity)
    {
        var queue = new IntakeQueue<string>(capacity);
        var added = Enumerable.Range(0, capacity + 1).Count(i => queue.TryAdd($"e{i}"));

        Assert.Multiple(() =>
        {
            Assert.That(added, Is.EqualTo(capacity));
            Assert.That(queue.Count, Is.EqualTo(capacity));
        });
    }

    [Test]
    public void ItemsComeOutInOrderAcrossManyLapsOfTheRing()
    {
        var queue = new IntakeQueue<string>(3);
        var taken = new List<string>();
        var batch = new string[2];
        for (var i = 0; i < 100; i++)
        {
            Assert.That(queue.TryAdd($"e{i}"), Is.True);
            if (i % 3 == 2)
            {
                int n;
                while ((n = queue.TryTake(batch)) > 0)
                {
                    taken.AddRange(batch[..n]);
                }
            }
        }

        while (queue.TryTakeOne(out var item))
        {
            taken.Add(item);
        }

        Assert.Multiple(() =>
        {
            Assert.That(taken, Is.EqualTo(Enumerable.Range(0, 100).Select(i => $"e{i}")));
            Assert.That(queue.IsEmpty, Is.True);
            Assert.That(queue.Head, Is.EqualTo(100));
        });
    }

    [Test]
    public void AfterCloseNothingIsAddedButWhatItHoldsCanStillBeTaken()
    {
        var queue = new IntakeQueue<string>(4);
        queue.TryAdd("kept");
        queue.Close();

        Assert.Multiple(() =>
        {
            Assert.That(queue.TryAdd("late"), Is.False);
            Assert.That(queue.IsClosed, Is.True);
            Assert.That(queue.Count, Is.EqualTo(1));
            Assert.That(queue.TryTakeOne(out var item) ? item : null, Is.EqualTo("kept"));
            Assert.That(queue.IsEmpty, Is.True);
        });
    }

    [Test]
    public void ConcurrentProducersAndEvictingTakersLoseAndDuplicateNothing()
    {
        // Four producers add, one thread takes batches, one more evicts single items, as DropOldest does.
        const int producers = 4;
        const int perProducer = 5_000;
        var queue = new IntakeQueue<string>(16);
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var producing = producers;
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                var item = $"{p}:{i}";
                while (!queue.TryAdd(item))
                {
                    Thread.Yield();
                }
            }

            Interlocked.Decrement(ref producing);
        })).ToList();
        threads.Add(new Thread(() =>
        {
            var batch = new string[5];
            while (Volatile.Read(ref producing) > 0 || !queue.IsEmpty)
            {
                var n = queue.TryTake(batch);
                for (var i = 0; i < n; i++)
                {
                    seen.Add(batch[i]);
                }

                if (n == 0)
                {
                    Thread.Yield();
                }
            }
        }));
        threads.Add(new Thread(() =>
        {
            while (Volatile.Read(ref producing) > 0)
            {
                if (queue.TryTakeOne(out var item))
                {
                    seen.Add(item);
                }
                else
                {
                    Thread.Yield();
                }
            }
        }));
        threads.ForEach(t => t.Start());

        Assert.That(threads.All(t => t.Join(AsyncTestEvents.Patience)), Is.True, "a thread was still running when the patience ran out");
        Assert.That(seen.Distinct().Count(), Is.EqualTo(producers * perProducer));
        Assert.That(seen, Has.Count.EqualTo(producers * perProducer));
    }

    [Test]
    public void ACapacityBeyondTwoToTheThirtyIsRefused()
    {
        Assert.That(() => new IntakeQueue<string>((1 << 30) + 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
