using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace EventTracking.Benchmarks;

/// <summary>
/// The intake queues considered for <see cref="AsyncRoutingBackend"/>, each with 1, 2 and 4 producer threads and one
/// consumer thread that takes batches and parks when it runs dry: the producers' and the consumer's thread CPU per item
/// and the wall time per item, best of five rounds. The capacity is large enough never to fill.
/// <c>dotnet run -c Release --project benchmarks/EventTracking.Benchmarks -- thread-cpu intake</c>.
/// </summary>
internal static class IntakeCandidates
{
    private const int Items = 2_000_000;
    private const int Capacity = 1 << 21;

    public static int Run()
    {
        Console.WriteLine($"intake candidates: thread CPU per item (producers, consumer) and wall, best of 5 rounds of {Items:N0} items");
        foreach (var producers in new[] { 1, 2, 4 })
        {
            Measure("BoundedChannel (the intake before)", producers, () => new ChannelCandidate());
            Measure("ConcurrentQueue + count bound + parked flag", producers, () => new ConcurrentQueueCandidate());
            Measure("IntakeQueue (sequence ring) + parked flag", producers, () => new RingCandidate());
        }

        return 0;
    }

    private static void Measure(string name, int producers, Func<ICandidate> create)
    {
        var item = new object();
        double bestProducers = double.MaxValue, bestConsumer = double.MaxValue, bestWall = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var queue = create();
            double consumerCpu = 0;
            long consumed = 0;
            var consumer = new Thread(() =>
            {
                var begin = ThreadCpuClock.Now();
                consumed = queue.Consume();
                consumerCpu = ThreadCpuClock.Now() - begin;
            });
            consumer.Start();
            var producerCpu = new double[producers];
            using var start = new Barrier(producers + 1);
            var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
            {
                start.SignalAndWait();
                var begin = ThreadCpuClock.Now();
                for (var i = 0; i < Items / producers; i++)
                {
                    queue.Add(item);
                }

                producerCpu[p] = ThreadCpuClock.Now() - begin;
            })).ToList();
            threads.ForEach(t => t.Start());
            start.SignalAndWait();
            var wall = Stopwatch.StartNew();
            threads.ForEach(t => t.Join());
            queue.Close();
            consumer.Join();
            wall.Stop();
            var total = Items / producers * producers;
            if (consumed != total)
            {
                throw new InvalidOperationException($"{name}: consumed {consumed} of {total}");
            }

            bestProducers = Math.Min(bestProducers, producerCpu.Sum() / total);
            bestConsumer = Math.Min(bestConsumer, consumerCpu / total);
            bestWall = Math.Min(bestWall, wall.Elapsed.TotalNanoseconds / total);
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-45} {producers} producer(s): producer {bestProducers,6:F1} ns  consumer {bestConsumer,6:F1} ns  wall {bestWall,6:F1} ns"));
    }

    private interface ICandidate
    {
        void Add(object item);

        long Consume();

        void Close();
    }

    private sealed class ChannelCandidate : ICandidate
    {
        private readonly Channel<object> _channel = Channel.CreateBounded<object>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        public void Add(object item)
        {
            while (!_channel.Writer.TryWrite(item))
            {
            }
        }

        public void Close() => _channel.Writer.TryComplete();

        public long Consume()
        {
            long count = 0;
            var reader = _channel.Reader;
            while (true)
            {
                while (reader.TryRead(out _))
                {
                    count++;
                }

                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    return count;
                }
            }
        }
    }

    private sealed class ConcurrentQueueCandidate : ICandidate
    {
        private readonly ConcurrentQueue<object> _queue = new();
        private readonly SemaphoreSlim _wake = new(0);
        private int _count;
        private int _parked;
        private volatile bool _closed;

        public void Add(object item)
        {
            while (Interlocked.Increment(ref _count) > Capacity)
            {
                Interlocked.Decrement(ref _count);
            }

            _queue.Enqueue(item);
            if (Volatile.Read(ref _parked) != 0 && Interlocked.Exchange(ref _parked, 0) != 0)
            {
                _wake.Release();
            }
        }

        public void Close()
        {
            _closed = true;
            _wake.Release();
        }

        public long Consume()
        {
            long count = 0;
            while (true)
            {
                var taken = 0;
                while (taken < 500 && _queue.TryDequeue(out _))
                {
                    taken++;
                }

                if (taken > 0)
                {
                    Interlocked.Add(ref _count, -taken);
                    count += taken;
                    continue;
                }

                if (_closed && _queue.IsEmpty)
                {
                    return count;
                }

                Interlocked.Exchange(ref _parked, 1);
                if (!_queue.IsEmpty || _closed)
                {
                    Volatile.Write(ref _parked, 0);
                    continue;
                }

                _wake.Wait();
            }
        }
    }

    private sealed class RingCandidate : ICandidate
    {
        private readonly IntakeQueue<object> _queue = new(Capacity);
        private readonly SemaphoreSlim _wake = new(0);
        private readonly object[] _batch = new object[500];
        private int _parked;

        public void Add(object item)
        {
            while (!_queue.TryAdd(item))
            {
            }

            if (Volatile.Read(ref _parked) != 0 && Interlocked.Exchange(ref _parked, 0) != 0)
            {
                _wake.Release();
            }
        }

        public void Close()
        {
            _queue.Close();
            _wake.Release();
        }

        public long Consume()
        {
            long count = 0;
            while (true)
            {
                var taken = _queue.TryTake(_batch);
                if (taken > 0)
                {
                    count += taken;
                    continue;
                }

                if (!_queue.IsEmpty)
                {
                    Thread.SpinWait(1);
                    continue;
                }

                if (_queue.IsClosed)
                {
                    return count;
                }

                Interlocked.Exchange(ref _parked, 1);
                if (!_queue.IsEmpty || _queue.IsClosed)
                {
                    Volatile.Write(ref _parked, 0);
                    continue;
                }

                _wake.Wait();
            }
        }
    }
}
