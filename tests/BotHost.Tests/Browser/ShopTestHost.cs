using BotHost.WebChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using System.Net;

namespace BotHost.Tests.Browser;

/// <summary>
/// A small Kestrel app on 127.0.0.1:0 that serves BotHost's wwwroot as copied to the test output
/// (the BotHost.Tests build copies it, Web Chat bundle included) with BotHost's own UseShopperPage, so under
/// the page's real Content-Security-Policy. Tests map the endpoints the page talks to.
/// </summary>
internal sealed class ShopTestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private ShopTestHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static string WebRoot { get; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public static async Task<ShopTestHost> StartAsync(Action<WebApplication> mapEndpoints)
    {
        if (!File.Exists(Path.Combine(WebRoot, "lib", "webchat.js")))
        {
            throw new InvalidOperationException(
                $"{WebRoot}/lib/webchat.js is missing: build tests/BotHost.Tests (BotHost's build installs Web Chat, this project's build copies wwwroot).");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = WebRoot,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        app.UseShopperPage();
        app.UseWebSockets();
        mapEndpoints(app);

        await app.StartAsync();
        // Kestrel replaces port 0 with the bound port in the server's addresses, which app.Urls reflects.
        return new ShopTestHost(app, new Uri(app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
