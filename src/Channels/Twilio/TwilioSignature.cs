using System.Security.Cryptography;
using System.Text;

namespace Channels.Twilio;

/// <summary>
/// <c>X-Twilio-Signature</c>: base64 HMAC-SHA1, keyed with the auth token, over the full URL Twilio requested followed by
/// every POST parameter as key+value (keys in ordinal order; a repeated key once per distinct value, values sorted).
/// Like Twilio's own libraries, the URL is also tried with its port removed and with the scheme's default port added,
/// and with its query re-serialised the way a WHATWG URL parser does. JSON bodies are signed over the URL alone, whose
/// <c>bodySHA256</c> query parameter carries the body's hash.
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (key, values) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var value in values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                data.Append(key).Append(value);
        }
        // SHA-1 is Twilio's choice for this signature, not ours; there is no stronger variant to ask for.
#pragma warning disable CA5350
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
        return Convert.ToBase64String(mac);
    }

    /// <summary>True when <paramref name="signature"/> signs a form post of <paramref name="parameters"/> to <paramref name="url"/>.</summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
            return false;
        var list = parameters.ToList();
        var valid = false;
        // Every variant is computed (no early exit), so timing tells nothing about which one was close.
        foreach (var candidate in UrlVariants(url))
            valid |= FixedTimeEquals(Compute(authToken, candidate, list), signature);
        return valid;
    }

    /// <summary>True when <paramref name="signature"/> signs <paramref name="url"/> and its <c>bodySHA256</c> is the hash of <paramref name="body"/>.</summary>
    public static bool IsValidJson(string authToken, string url, ReadOnlySpan<byte> body, string? signature)
    {
        var expectedHash = QueryValue(url, "bodySHA256");
        if (expectedHash is null)
            return false;
        var actualHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var hashMatches = FixedTimeEquals(actualHash, expectedHash);
        return IsValid(authToken, url, [], signature) & hashMatches;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    internal static IEnumerable<string> UrlVariants(string url)
    {
        var variants = new List<string>();
        foreach (var withPorts in PortVariants(url))
        {
            variants.Add(withPorts);
            var whatwg = WhatwgQuery(withPorts);
            if (whatwg != withPorts)
                variants.Add(whatwg);
        }
        return variants.Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<string> PortVariants(string url)
    {
        yield return url;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
            yield break;
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
            authorityEnd = url.Length;
        var authority = url[authorityStart..authorityEnd];
        var hostStart = authority.LastIndexOf('@') + 1;
        var bracket = authority.LastIndexOf(']');
        var colon = authority.LastIndexOf(':');
        var hasPort = colon >= hostStart && colon > bracket;
        if (hasPort)
        {
            yield return url[..(authorityStart + colon)] + url[authorityEnd..];
            yield break;
        }
        var defaultPort = url[..schemeEnd].ToLowerInvariant() switch
        {
            "https" => ":443",
            "http" => ":80",
            _ => null,
        };
        if (defaultPort is not null)
            yield return url[..authorityEnd] + defaultPort + url[authorityEnd..];
    }

    // The characters a WHATWG URL parser percent-encodes in the query of an http(s) URL.
    private static string WhatwgQuery(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
            return url;
        var fragment = url.IndexOf('#', q);
        var end = fragment < 0 ? url.Length : fragment;
        var query = new StringBuilder();
        foreach (var c in url.AsSpan(q + 1, end - q - 1))
        {
            if (c is ' ' or '"' or '<' or '>' or '\'' || c < 0x20)
                query.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else
                query.Append(c);
        }
        return url[..(q + 1)] + query + url[end..];
    }

    private static string? QueryValue(string url, string name)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
            return null;
        foreach (var pair in url[(q + 1)..].Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == name)
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        return null;
    }
}
