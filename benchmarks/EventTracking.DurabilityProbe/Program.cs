using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Hashing;
using FASTER.core;
using Microsoft.Data.Sqlite;

// Measures three ways to keep a durable event log on this machine: append records of a canonical event's size,
// commit (fsync) once per group of records, for a fixed time each. Usage:
//   dotnet run -c Release --project benchmarks/EventTracking.DurabilityProbe -- [seconds] [groupSize] [folder]
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var group = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var root = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "et-durability-probe-" + Environment.ProcessId);
Directory.CreateDirectory(root);

// A canonical event as the durable buffer writes it: about 300 bytes of JSON.
var record = System.Text.Encoding.UTF8.GetBytes(
    "{\"id\":\"0193a6f2-7c1e-7b3a-9f00-123456789abc\",\"name\":\"navigation.request\",\"timestamp\":\"2026-11-23T12:00:00.123456+00:00\"," +
    "\"context\":{\"user_id\":10938,\"session\":\"a1b2c3d4\",\"request_id\":\"0HN8QK5T4E0\",\"path\":\"/courses/course-v1:edX+DemoX/\"}," +
    "\"data\":{\"url\":\"http://www.edx.org/some/path/1\",\"referrer\":\"http://www.edx.org/\"}}");

Console.WriteLine($"record {record.Length} B, group {group} records, {seconds} s per engine, folder {root}");
Report("segment files (append + fsync)", SegmentFiles(Path.Combine(root, "segments")));
Report("SQLite queue (WAL, synchronous=FULL, 1 tx per group)", SqliteQueue(Path.Combine(root, "queue.db")));
Report("FASTER FasterLog (Enqueue + Commit(spinWait))", Faster(Path.Combine(root, "faster")));
Directory.Delete(root, recursive: true);

void Report(string name, (long Records, double Seconds, long Bytes, long Commits) r) =>
    Console.WriteLine($"{name,-55} {r.Records / r.Seconds,12:N0} records/s  {r.Commits / r.Seconds,8:N0} commits/s  {(double)r.Bytes / r.Records,6:N1} B/record on disk");

(long, double, long, long) SegmentFiles(string folder)
{
    Directory.CreateDirectory(folder);
    var path = Path.Combine(folder, "00000001.log");
    using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
    var header = new byte[8];
    var buffer = new byte[(record.Length + 8) * group];
    long records = 0, commits = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        var at = 0;
        for (var i = 0; i < group; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(at), record.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(at + 4), Crc32C(record));
            record.CopyTo(buffer.AsSpan(at + 8));
            at += record.Length + 8;
        }

        file.Write(buffer, 0, at);
        file.Flush(flushToDisk: true);
        records += group;
        commits++;
    }

    return (records, watch.Elapsed.TotalSeconds, file.Length, commits);
}

(long, double, long, long) SqliteQueue(string path)
{
    using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
    connection.Open();
    using (var setup = connection.CreateCommand())
    {
        setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE queue (seq INTEGER PRIMARY KEY, body BLOB NOT NULL);";
        setup.ExecuteNonQuery();
    }

    long records = 0, commits = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO queue (body) VALUES ($b)";
        var p = insert.Parameters.Add("$b", SqliteType.Blob);
        for (var i = 0; i < group; i++)
        {
            p.Value = record;
            insert.ExecuteNonQuery();
        }

        tx.Commit();
        records += group;
        commits++;
    }

    var elapsed = watch.Elapsed.TotalSeconds;
    connection.Close();
    var bytes = Directory.GetFiles(Path.GetDirectoryName(path)!, "queue.db*").Sum(f => new FileInfo(f).Length);
    return (records, elapsed, bytes, commits);
}

(long, double, long, long) Faster(string folder)
{
    Directory.CreateDirectory(folder);
    using var device = Devices.CreateLogDevice(Path.Combine(folder, "hlog.log"));
    using var log = new FasterLog(new FasterLogSettings { LogDevice = device, PageSize = 1L << 22, MemorySize = 1L << 26, AutoRefreshSafeTailAddress = true });
    long records = 0, commits = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        for (var i = 0; i < group; i++)
        {
            log.Enqueue(record);
        }

        log.Commit(spinWait: true);
        records += group;
        commits++;
    }

    var elapsed = watch.Elapsed.TotalSeconds;
    var bytes = log.TailAddress - log.BeginAddress;
    return (records, elapsed, bytes, commits);
}

static uint Crc32C(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);
