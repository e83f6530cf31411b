using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Bot.Bench;

/// <summary>
/// What the measured window cost: CPU seconds of this process (host and load generator together) and of the PostgreSQL
/// server processes, bytes allocated, GCs, and the database commands Npgsql executed (its
/// <c>db.client.operation.duration</c> histogram has one measurement per command; COMMITs are not commands).
/// </summary>
internal sealed class ResourceMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _npgsqlCommands;
    private Snapshot? _start;

    public ResourceMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _npgsqlCommands));
        _listener.Start();
    }

    public void Start() => _start = Take();

    public Usage Stop(TimeSpan window)
    {
        var end = Take();
        var start = _start ?? throw new InvalidOperationException("Start was not called.");
        return new Usage(
            window,
            (end.ProcessCpu - start.ProcessCpu).TotalSeconds,
            end.PostgresCpu - start.PostgresCpu,
            end.Allocated - start.Allocated,
            end.Gen0 - start.Gen0,
            end.Gen2 - start.Gen2,
            end.NpgsqlCommands - start.NpgsqlCommands,
            ThreadPool.ThreadCount);
    }

    public void Dispose() => _listener.Dispose();

    private Snapshot Take()
    {
        using var process = Process.GetCurrentProcess();
        return new Snapshot(process.TotalProcessorTime, PostgresCpuSeconds(), GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(2),
            Interlocked.Read(ref _npgsqlCommands));
    }

    /// <summary>utime + stime of every process named postgres, from /proc (Linux; 0 elsewhere).</summary>
    private static double PostgresCpuSeconds()
    {
        if (!Directory.Exists("/proc"))
            return 0;
        const double ticksPerSecond = 100; // USER_HZ on Linux
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(') + 1)..close];
                if (name != "postgres")
                    continue;
                var fields = stat[(close + 2)..].Split(' ');
                // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after "pid (comm) ".
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while we read it.
            }
        }
        return ticks / ticksPerSecond;
    }

    private sealed record Snapshot(TimeSpan ProcessCpu, double PostgresCpu, long Allocated, int Gen0, int Gen2, long NpgsqlCommands);

    internal sealed record Usage(
        TimeSpan Window, double ProcessCpuSeconds, double PostgresCpuSeconds, long AllocatedBytes, int Gen0, int Gen2, long NpgsqlCommands, int ThreadPoolThreads)
    {
        public double ProcessCores => ProcessCpuSeconds / Window.TotalSeconds;

        public double PostgresCores => PostgresCpuSeconds / Window.TotalSeconds;
    }
}
