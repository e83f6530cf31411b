namespace BotHost.WebChat;

/// <summary>
/// The shopper demo page (wwwroot/index.html, wwwroot/demo/) and the Web Chat bundle the build installs
/// into wwwroot/lib, served as static files from the web root.
/// </summary>
internal static class ShopperPage
{
    /// <summary>
    /// The policy the browser tests run the page under (Web Chat 4.18.1, Chromium), and what each source is for:
    /// script-src 'self': /lib/webchat.js and /demo/demo.js, no inline script and no eval needed;
    /// style-src 'unsafe-inline': Web Chat and Adaptive Cards inject their styles at runtime (a nonce would
    /// need a per-request page, ours is static);
    /// img-src blob: data: Web Chat turns its images and attachments into blob: URLs, Adaptive Cards may carry
    /// data: images; connect-src 'self': the token call, Direct Line REST and its WebSocket stream on the
    /// same host ('self' covers ws:/wss: to the page's own host in current browsers).
    /// </summary>
    internal const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Serves the web root, "/" as index.html, with the page's Content-Security-Policy on HTML files.</summary>
    public static IApplicationBuilder UseShopperPage(this IApplicationBuilder app)
    {
        app.UseDefaultFiles();
        return app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                if (file.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    file.Context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }
            },
        });
    }
}
