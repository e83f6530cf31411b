using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotHost.Tests.Twilio;

/// <summary>One Messages.json POST the fake received, and when (on the fake's clock: the host's manual one when shared).</summary>
public sealed record FakeTwilioRequest(string Path, IReadOnlyDictionary<string, string> Form, string? Authorization, string Sid, DateTimeOffset At)
{
    public string From => Form.GetValueOrDefault("From") ?? "";

    public string To => Form.GetValueOrDefault("To") ?? "";

    public string? Body => Form.GetValueOrDefault("Body");

    public string? ContentSid => Form.GetValueOrDefault("ContentSid");

    public string? MessagingServiceSid => Form.GetValueOrDefault("MessagingServiceSid");
}

/// <summary>
/// A tiny local Twilio REST API (Kestrel on 127.0.0.1:0): records every request with its time, answers 201 with a fresh
/// Message SID, or fails the next matching requests as told (429 with Retry-After, 500, 400 with a Twilio error code).
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<FakeTwilioRequest> _requests = new();
    private readonly ConcurrentQueue<Failure> _failures = new();

    private sealed record Failure(Func<IReadOnlyDictionary<string, string>, bool> Matches, int Status, int? Code, string Message, int? RetryAfterSeconds);

    private FakeTwilio(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<FakeTwilioRequest> Requests => [.. _requests];

    /// <summary>How long each answer takes (real time), as a call over the internet does.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The most requests that were being answered at one time.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    private int _inFlight;
    private int _maxInFlight;

    /// <summary>Starts the fake; requests are stamped from <paramref name="clock"/> (the real clock when null).</summary>
    public static async Task<FakeTwilio> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTwilio(app, clock ?? TimeProvider.System);
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", (Func<HttpContext, Task<IResult>>)fake.HandleAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    /// <summary>The next request matching <paramref name="matches"/> (any when null) gets this failure instead of 201.</summary>
    public void FailNext(int status, int? code, string message, int? retryAfterSeconds = null, Func<IReadOnlyDictionary<string, string>, bool>? matches = null) =>
        _failures.Enqueue(new Failure(matches ?? (_ => true), status, code, message, retryAfterSeconds));

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            for (var max = Volatile.Read(ref _maxInFlight); inFlight > max; max = Volatile.Read(ref _maxInFlight))
                Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
            if (ResponseDelay > TimeSpan.Zero)
                await Task.Delay(ResponseDelay);
            return await AnswerAsync(http);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<IResult> AnswerAsync(HttpContext http)
    {
        var form = (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        var sid = "SM" + Guid.NewGuid().ToString("N");
        _requests.Enqueue(new FakeTwilioRequest(http.Request.Path, form, http.Request.Headers.Authorization, sid, _clock.GetUtcNow()));
        if (TakeFailure(form) is { } failure)
        {
            if (failure.RetryAfterSeconds is { } seconds)
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { code = failure.Code, message = failure.Message, more_info = "https://www.twilio.com/docs/errors", status = failure.Status }, statusCode: failure.Status);
        }
        return Results.Json(new { sid, status = "queued", error_code = (int?)null, error_message = (string?)null, num_segments = "1" }, statusCode: 201);
    }

    private Failure? TakeFailure(IReadOnlyDictionary<string, string> form)
    {
        lock (_failures)
        {
            var all = _failures.ToList();
            var hit = all.FirstOrDefault(f => f.Matches(form));
            if (hit is null)
                return null;
            _failures.Clear();
            foreach (var f in all.Where(f => !ReferenceEquals(f, hit)))
                _failures.Enqueue(f);
            return hit;
        }
    }

    /// <summary>Waits (polling, up to 15 s) until <paramref name="count"/> requests match; returns them.</summary>
    public async Task<IReadOnlyList<FakeTwilioRequest>> WaitForAsync(Func<FakeTwilioRequest, bool> predicate, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var hits = Requests.Where(predicate).ToList();
            if (hits.Count >= count)
                return hits;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} matching request(s) at the fake Twilio; got {hits.Count}. All: {string.Join(" | ", Requests.Select(r => $"{r.To}: {r.Body ?? r.ContentSid}"))}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
