namespace BotHost.WebChat;

/// <summary>Response headers for the shopper page (wwwroot/index.html) that hosts Bot Framework Web Chat.</summary>
internal static class ShopperPageHeaders
{
    internal const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}
