using System.Net;

namespace Bot.Bench;

/// <summary>
/// The handover core under load: shoppers' messages over the Direct Line API, answered by the AI, persisted, delivered
/// through the outbox to the Direct Line log and the shoppers' WebSockets. Flags: <see cref="BenchOptions.Usage"/>.
/// Not top-level statements: those would declare a second global Program beside the host's.
/// </summary>
internal static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["twilio", .. var twilioArgs])
            return await TwilioBench.RunAsync(twilioArgs);
        if (args is ["detect", ..])
            return await DetectBench.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10));
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        Console.WriteLine($"Starting the host ({options.Describe()}) ...");
        await using var host = await BenchHost.StartAsync(options);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

        Console.WriteLine($"Opening {options.Conversations} Direct Line conversations with their WebSocket streams ...");
        var shoppers = new Shopper[options.Conversations];
        await Parallel.ForAsync(0, options.Conversations, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => shoppers[i] = await Shopper.StartAsync(http, ct));

        using var meter = new ResourceMeter(await host.FindPostmasterAsync());
        ResourceMeter.Usage? usage = null;
        var generator = new LoadGenerator(options, shoppers)
        {
            WindowOpened = () =>
            {
                host.Stages.Reset();
                meter.Start();
            },
            WindowClosed = () => usage = meter.Stop(options.Duration),
        };
        Console.WriteLine($"Warming up for {options.Warmup.TotalSeconds:0} s, then measuring for {options.Duration.TotalSeconds:0} s ...");
        var load = await generator.RunAsync(CancellationToken.None);

        var checks = await Verification.RunAsync(host.Database, shoppers);
        var report = new Report(options, host.DatabaseDescription, load, generator.PostLatency.Summarize(), generator.EndToEnd.Summarize(),
            host.Stages.Pipeline.Summarize(), host.Stages.Answer.Summarize(), host.Stages.Send.Summarize(), usage!, checks);
        Console.WriteLine();
        Console.Write(report.Console());

        var markdownPath = options.MarkdownPath ?? $"bench-{options.Store.ToString().ToLowerInvariant()}-{options.Mode.ToString().ToLowerInvariant()}.md";
        await File.WriteAllTextAsync(markdownPath, report.Markdown());
        Console.WriteLine($"Markdown fragment: {Path.GetFullPath(markdownPath)}");

        await Task.WhenAll(shoppers.Select(s => s.CloseAsync()));
        return report.Correct ? 0 : 1;
    }
}
