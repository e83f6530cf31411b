using System.Globalization;

namespace Bot.Bench;

internal enum StoreKind
{
    Sqlite,
    Postgres,
}

internal enum LoadMode
{
    /// <summary>Closed loop: C posters, each posting its next message as soon as the last POST returned.</summary>
    Throughput,
    /// <summary>Open loop: messages are due at a fixed rate whatever the host's latency.</summary>
    Rate,
}

/// <summary>The command line. Every flag has a default; <see cref="Usage"/> lists them.</summary>
internal sealed record BenchOptions(
    StoreKind Store,
    string? PostgresConnectionString,
    LoadMode Mode,
    double Rate,
    int Concurrency,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Conversations,
    string? MarkdownPath)
{
    public const string Usage = """
        dotnet run -c Release --project bench/Bot.Bench -- [flags]
          --store sqlite|postgres   database (default sqlite: a fresh file in a temp directory)
          --postgres "<cs>"         use this existing PostgreSQL server (superuser or CREATEDB) for a fresh
                                    database; implies --store postgres. Without it a throwaway server is started
                                    from /usr/lib/postgresql/*/bin (durability off, like the tests' server)
          --mode throughput|rate    closed loop at full speed, or open loop at --rate (default throughput)
          --rate 500                messages per second in rate mode (default 500)
          --concurrency 32          concurrent posters in throughput mode (default 32)
          --duration 20             measured seconds (default 20)
          --warmup 40               seconds of the same load before measuring (default 40: with both cores busy,
                                    the JIT's tiered recompilation takes about half a minute to settle, and until
                                    then the host runs partly unoptimised code; see docs/benchmarks.md)
          --conversations 200       Direct Line conversations, each with its WebSocket stream open (default 200)
          --markdown <file>         where to write the markdown fragment (default bench-<store>-<mode>.md)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions(StoreKind.Sqlite, null, LoadMode.Throughput, 500, 32, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), 200, null);
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            o = flag switch
            {
                "--store" => o with { Store = Enum.Parse<StoreKind>(Value(), ignoreCase: true) },
                "--postgres" => o with { Store = StoreKind.Postgres, PostgresConnectionString = Value() },
                "--mode" => o with { Mode = Enum.Parse<LoadMode>(Value(), ignoreCase: true) },
                "--rate" => o with { Rate = Positive(flag, Value()) },
                "--concurrency" => o with { Concurrency = (int)Positive(flag, Value()) },
                "--duration" => o with { Duration = TimeSpan.FromSeconds(Positive(flag, Value())) },
                "--warmup" => o with { Warmup = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--conversations" => o with { Conversations = (int)Positive(flag, Value()) },
                "--markdown" => o with { MarkdownPath = Value() },
                _ => throw new ArgumentException($"Unknown flag '{flag}'."),
            };
        }
        return o;
    }

    public string Describe() => Mode == LoadMode.Rate
        ? string.Create(CultureInfo.InvariantCulture, $"{Store.ToString().ToLowerInvariant()}, open loop at {Rate:0} msg/s, {Conversations} conversations, {Warmup.TotalSeconds:0} s warm-up + {Duration.TotalSeconds:0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{Store.ToString().ToLowerInvariant()}, closed loop with {Concurrency} posters, {Conversations} conversations, {Warmup.TotalSeconds:0} s warm-up + {Duration.TotalSeconds:0} s");

    private static double Positive(string flag, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{flag} must be a positive number (was '{value}').");
}
