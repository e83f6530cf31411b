using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BotHost.Hosting;

internal static class StartupBanner
{
    /// <summary>Once listening, prints where the shopper demo page and the agent API docs are.</summary>
    public static void PrintUrlsWhenStarted(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var first = addresses.FirstOrDefault()?.TrimEnd('/');
            if (first is null)
                return;
            var browsable = first.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
            Console.WriteLine();
            Console.WriteLine($"  Shopper demo page:  {browsable}/");
            Console.WriteLine($"  Agent API docs:     {browsable}/api/docs");
            Console.WriteLine($"  Agent inbox:        {browsable}/inbox");
            Console.WriteLine($"  Health:             {browsable}/healthz");
            Console.WriteLine();
        });
    }
}
