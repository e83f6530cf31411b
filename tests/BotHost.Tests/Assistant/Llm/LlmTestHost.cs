using System.Collections.Concurrent;
using BotHost.Assistant;
using Handover.Assistant;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Testing;

namespace BotHost.Tests.Assistant.Llm;

/// <summary>
/// The assistant as the host registers it (AddEmbeddedAssistant, demo knowledge base) with the LLM backend on and
/// pointed at a <see cref="FakeChatCompletionsServer"/>, on a clock the test moves, with the log kept.
/// </summary>
internal sealed class LlmTestHost : IAsyncDisposable
{
    public const string ApiKey = "sk-test-key";
    public const string Model = "fake-model";

    private readonly IHost _host;
    private readonly LogSink _log;

    private LlmTestHost(IHost host, LogSink log, ManualTimeProvider time)
    {
        _host = host;
        _log = log;
        Time = time;
    }

    /// <summary>The clock the assistant's timeouts and backoff run on.</summary>
    public ManualTimeProvider Time { get; }

    public IAnswerEngine Engine => _host.Services.GetRequiredService<IAnswerEngine>();

    public IServiceProvider Services => _host.Services;

    /// <summary>Warnings and errors logged, as "Category: message".</summary>
    public IReadOnlyList<string> Problems => [.. _log.Problems];

    public static Task<LlmTestHost> StartAsync(FakeChatCompletionsServer server, Dictionary<string, string?>? settings = null) =>
        StartAsync(new Dictionary<string, string?>
        {
            ["Assistant:Llm:Enabled"] = "true",
            ["Assistant:Llm:BaseUrl"] = server.BaseUrl,
            ["Assistant:Llm:Model"] = Model,
            ["Assistant:Llm:ApiKey"] = ApiKey,
        }.Concat(settings ?? []).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value));

    public static async Task<LlmTestHost> StartAsync(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(configuration);
        var log = new LogSink();
        builder.Logging.AddProvider(log);
        var time = new ManualTimeProvider();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddEmbeddedAssistant();
        var host = builder.Build();
        var testHost = new LlmTestHost(host, log, time);
        await host.StartAsync();
        return testHost;
    }

    public async Task<Answer> AskAsync(string question, params ContextTurn[] history) =>
        await Engine.AnswerAsync(new AnswerRequest("demo", question, history), CancellationToken.None);

    /// <summary>
    /// Asks while the clock runs ten times faster than real time, for backoffs and timeouts: fast enough that a
    /// test takes milliseconds, slow enough that no real request looks timed out.
    /// </summary>
    public Task<Answer> AskWhileTimePassesAsync(string question) => WhileTimePassesAsync(AskAsync(question));

    /// <summary>Moves the clock until <paramref name="task"/> ends; a test that would hang fails after ten real seconds.</summary>
    public async Task<T> WhileTimePassesAsync<T>(Task<T> task)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(10);
        while (await Task.WhenAny(task, Task.Delay(10)) != task)
        {
            Assert.True(DateTime.UtcNow < giveUp, "The call did not end while the clock moved on.");
            Time.Advance(TimeSpan.FromMilliseconds(100));
        }
        return await task;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private sealed class LogSink : ILoggerProvider
    {
        public ConcurrentQueue<string> Problems { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Problems);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> problems) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    problems.Enqueue($"{category}: {formatter(state, exception)}");
            }
        }
    }
}
