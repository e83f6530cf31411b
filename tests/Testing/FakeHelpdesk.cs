using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Testing;

/// <summary>
/// A stand-in for the helpdesks' REST APIs (Gorgias, Zendesk, Intercom) on 127.0.0.1: records every request (method,
/// path, Authorization, idempotency key, body) and answers 201, or what <see cref="Respond"/> says (5xx, slow ...).
/// </summary>
public sealed class FakeHelpdesk : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHelpdesk(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<(string Method, string Path, string? Authorization, string? IdempotencyKey, string Body)> Requests { get; } = new();

    /// <summary>The status to answer the next requests with, and an optional delay; (201, null) by default.</summary>
    public Func<int, (int Status, TimeSpan? Delay)> Respond { get; set; } = _ => (201, null);

    public static async Task<FakeHelpdesk> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeHelpdesk? fake = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            fake!.Requests.Enqueue((context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.Authorization.ToString(),
                context.Request.Headers["Idempotency-Key"].ToString(), body));
            var (status, delay) = fake.Respond(fake.Requests.Count);
            if (delay is { } d)
                await Task.Delay(d, context.RequestAborted);
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status < 300 ? """{"id":1}""" : """{"error":"down"}""");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeHelpdesk(app, new Uri(address));
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
