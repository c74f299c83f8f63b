using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

/// <summary>A real full disk: the buffer on a 1 MiB tmpfs (needs root on Linux; otherwise the test reports itself skipped).</summary>
public sealed class DurableDiskFullTests
{
    [Test]
    public async Task OnAFullDiskWritesAreRefusedAndCountedWithoutACrashAndResumeWhenSpaceReturns()
    {
        using var folder = new DurableTestFolder();
        Directory.CreateDirectory(folder.Path);
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", folder.Path) != 0)
        {
            Assert.Ignore("Mounting a tmpfs needs root on Linux; AWriteTheDiskRefusesIsCountedNeverThrownAtEmitAndWritingResumes covers the same path through a fault seam.");
        }

        try
        {
            var name = UniqueName();
            using var dropped = new MetricCollector<long>(Metrics.Dropped);
            var open = new TaskCompletionSource();
            var store = new RecordingBatchBackend { BeforeAccept = (_, _, _) => open.Task };
            await using var node = new AsyncRoutingBackend(
                new Dictionary<string, IEventBackend> { ["db"] = store },
                options: folder.Options(name, b => b.SegmentBytes = 64 * 1024));

            var accepted = 0;
            for (var i = 0; i < 20_000 && dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full")) == 0; i++)
            {
                try
                {
                    await node.DeliverAsync([Create(i)]).Within();
                    accepted++;
                }
                catch (EventDeliveryException)
                {
                }
            }

            var refused = dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full"));
            open.SetResult();
            await node.FlushAsync().Within();
            await node.DeliverAsync([Create(50_000)]).Within();
            await node.FlushAsync().Within();

            Assert.Multiple(() =>
            {
                Assert.That(refused, Is.GreaterThan(0), "the full disk refused a write");
                Assert.That(store.Events, Has.Count.EqualTo(accepted + 1), "every accepted event, and one written after space returned");
                Assert.That(Sequences(store.Events).Last(), Is.EqualTo(50_000));
            });
        }
        finally
        {
            Run("umount", folder.Path);
        }
    }

    [Test]
    public async Task ANodeStartedOnAFullDiskStartsCountsWhatItCannotWriteAndWritesOnceSpaceReturns()
    {
        using var mount = new DurableTestFolder();
        Directory.CreateDirectory(mount.Path);
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.Path) != 0)
        {
            Assert.Ignore("Mounting a tmpfs needs root on Linux; AWriteTheDiskRefusesIsCountedNeverThrownAtEmitAndWritingResumes covers the same path through a fault seam.");
        }

        try
        {
            // Fill the disk to the last byte before the node exists.
            var filler = Path.Combine(mount.Path, "filler");
            await using (var fill = new FileStream(filler, FileMode.Create))
            {
                var block = new byte[4096];
                try
                {
                    while (true)
                    {
                        fill.Write(block);
                        fill.Flush(flushToDisk: true);
                    }
                }
                catch (IOException)
                {
                }
            }

            var name = UniqueName();
            using var dropped = new MetricCollector<long>(Metrics.Dropped);
            var store = new RecordingBatchBackend();
            var options = mount.Options(name);
            options.Buffer!.Path = Path.Combine(mount.Path, "buffer");
            await using var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: options);
            for (var i = 0; i < 100; i++)
            {
                node.Send(Create(i));
            }

            await node.FlushAsync().Within();
            var refused = dropped.Sum(name, ("eventtracking.drop.reason", "buffer_full"));
            File.Delete(filler);
            for (var i = 100; i < 200; i++)
            {
                node.Send(Create(i));
            }

            await node.FlushAsync().Within();

            Assert.Multiple(() =>
            {
                Assert.That(refused, Is.EqualTo(100), "nothing could be written, and every event was counted");
                Assert.That(Sequences(store.Events), Is.EqualTo(Enumerable.Range(100, 100)), "writing began once space returned");
                Assert.That(dropped.Sum(name), Is.EqualTo(100));
            });
        }
        finally
        {
            Run("umount", mount.Path);
        }
    }

    internal static int Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit(30_000);
            return process.HasExited ? process.ExitCode : -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
