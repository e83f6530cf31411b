using System.Security.Cryptography;

namespace BotHost.Demo;

internal static class DemoSetup
{
    public static IHostApplicationBuilder AddDemoMode(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        builder.Services.Configure<DemoOptions>(builder.Configuration.GetSection(DemoOptions.Section));
        if (!options.Enabled)
            return builder;

        if (!options.AllowRemote)
            EnsureLoopbackOnly(builder.Configuration);

        // A demo needs no secrets from the operator: a fresh Direct Line secret per run (tokens stay server-made).
        if (string.IsNullOrEmpty(builder.Configuration["DirectLine:Secret"]))
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DirectLine:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            });
        }
        builder.Services.AddHostedService<DemoSeeder>();
        return builder;
    }

    /// <summary>Refuses to start a demo (public passwords) on anything but loopback.</summary>
    internal static void EnsureLoopbackOnly(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            var host = HostOf(url);
            if (host is not ("localhost" or "127.0.0.1" or "[::1]" or "::1") && !host.StartsWith("127.", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Demo mode (Demo:Enabled) has public passwords and binds only loopback addresses, but --urls asks for '{url}'. " +
                    "Use http://127.0.0.1:<port>, or set Demo:AllowRemote=true if you really mean it.");
            }
        }
    }

    private static string HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        if (rest.StartsWith('['))
            return rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)];
        var end = rest.IndexOfAny([':', '/']);
        return end < 0 ? rest : rest[..end];
    }
}
