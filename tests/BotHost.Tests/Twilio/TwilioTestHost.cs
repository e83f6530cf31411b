using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BotHost.Tests.Infrastructure;
using Dapper;
using Handover.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Testing;

namespace BotHost.Tests.Twilio;

/// <summary>The real host with the Twilio channel pointed at a <see cref="FakeTwilio"/>, and signed webhooks to it.</summary>
public sealed class TwilioTestHost : IAsyncDisposable
{
    public const string AuthToken = "test-auth-token-0123456789abcdef";
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string PublicBaseUrl = "https://bot.example.com";
    public const string SmsFrom = "+15005550006";
    public const string WhatsAppFrom = "whatsapp:+14155238886";
    public const string TemplateSid = "HX0123456789abcdef0123456789abcdef";
    public const string AlicePhone = "+15551230001";
    public const string AliceWhatsApp = "whatsapp:+15551230001";

    private TwilioTestHost(TestApp app, FakeTwilio fake)
    {
        App = app;
        Fake = fake;
        Http = app.Client();
    }

    public TestApp App { get; }

    public FakeTwilio Fake { get; }

    public HttpClient Http { get; }

    public static Dictionary<string, string?> Settings(Uri apiBaseUrl) => new()
    {
        ["Twilio:AccountSid"] = AccountSid,
        ["Twilio:AuthToken"] = AuthToken,
        ["Twilio:ApiBaseUrl"] = apiBaseUrl.ToString().TrimEnd('/'),
        ["Twilio:PublicBaseUrl"] = PublicBaseUrl,
        ["Twilio:SmsFrom"] = SmsFrom,
        ["Twilio:WhatsAppFrom"] = WhatsAppFrom,
        ["Twilio:WhatsAppTemplate:ContentSid"] = TemplateSid,
        ["Twilio:WhatsAppTemplate:Variables:1"] = "Demo shop",
        ["Twilio:Pacing:LongCode"] = "1000",
        ["Twilio:Pacing:WhatsApp"] = "1000",
        [$"Twilio:Agents:{AlicePhone}"] = "alice",
        ["Twilio:AgentChannel"] = "whatsapp",
        ["Outbox:FirstRetryDelay"] = "00:00:00.050",
    };

    /// <summary>
    /// The host and its fake Twilio; with <paramref name="clock"/>, both run on that manual clock (the host's
    /// <see cref="TimeProvider"/>: pacing, the WhatsApp window, retries), and the fake stamps requests from it.
    /// </summary>
    public static async Task<TwilioTestHost> StartAsync(
        Store store = Store.Sqlite, Dictionary<string, string?>? extra = null, ManualTimeProvider? clock = null,
        Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? customize = null)
    {
        var fake = await FakeTwilio.StartAsync(clock);
        var settings = Settings(fake.BaseAddress);
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        var app = await TestApp.StartAsync(store, settings, builder =>
        {
            if (clock is not null)
                builder.Services.AddSingleton<TimeProvider>(clock);
            customize?.Invoke(builder);
        });
        return new TwilioTestHost(app, fake);
    }

    /// <summary>Signs like Twilio: HMAC-SHA1 over the URL and the sorted parameters (written here independently of the product).</summary>
    public static string Sign(string url, IEnumerable<KeyValuePair<string, string>> form, string authToken = AuthToken)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            data.Append(key).Append(value);
#pragma warning disable CA5350 // Twilio's algorithm
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    public Task<HttpResponseMessage> PostSignedAsync(string path, IReadOnlyList<KeyValuePair<string, string>> form, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature ?? Sign(PublicBaseUrl + path, form));
        return Http.SendAsync(request);
    }

    public static List<KeyValuePair<string, string>> Inbound(string from, string body, string? sid = null, string? to = null)
    {
        sid ??= NewSid();
        return
    [
        new("ToCountry", "US"), new("SmsMessageSid", sid), new("NumMedia", "0"), new("SmsStatus", "received"),
        new("Body", body), new("To", to ?? (from.StartsWith("whatsapp:", StringComparison.Ordinal) ? WhatsAppFrom : SmsFrom)),
        new("NumSegments", "1"), new("MessageSid", sid), new("AccountSid", AccountSid), new("From", from), new("ApiVersion", "2010-04-01"),
    ];
    }

    public static string NewSid() => "SM" + Guid.NewGuid().ToString("N");

    /// <summary>A shopper's (or agent's) message as Twilio delivers it; MessageSid and SmsMessageSid are the same.</summary>
    public async Task<string> SayAsync(string from, string body, params KeyValuePair<string, string>[] extra)
    {
        var sid = NewSid();
        var replaced = extra.Select(p => p.Key).ToHashSet();
        var form = Inbound(from, body, sid).Where(p => !replaced.Contains(p.Key)).Concat(extra).ToList();
        var response = await PostSignedAsync("/api/twilio/messages", form);
        response.EnsureSuccessStatusCode();
        return sid;
    }

    public async Task<JsonElement> ConversationAtAsync(string channel, string address)
    {
        var admin = App.Client("admin");
        var list = await admin.GetFromJsonAsync<JsonElement>($"/api/conversations?channel={channel}&address={Uri.EscapeDataString(address)}");
        var id = list.EnumerateArray().Single().GetProperty("id").GetString();
        return await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
    }

    /// <summary>Polls (up to 15 s) until <paramref name="condition"/> holds for the conversation at the address.</summary>
    public async Task<JsonElement> WaitForConversationAsync(string channel, string address, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await ConversationAtAsync(channel, address);
                if (condition(last))
                    return last;
            }
            catch (InvalidOperationException)
            {
                // not there yet
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"The conversation at {channel}/{address} did not reach the expected state: {last}");
    }

    /// <summary>
    /// Polls (up to 15 s) until every stored webhook is processed and every queued message and agent text is recorded as
    /// sent: then a jump of a manual clock cannot make an in-flight row look abandoned (its lock expired) and send it again.
    /// </summary>
    public async Task WaitUntilSettledAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await ScalarAsync("""
            SELECT (SELECT COUNT(*) FROM twilio_inbound WHERE processed_at IS NULL)
                 + (SELECT COUNT(*) FROM outbox WHERE status = 'pending')
                 + (SELECT COUNT(*) FROM twilio_agent_texts WHERE status = 'pending')
            """) > 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Webhooks, outbox rows or agent texts are still pending after 15 s.");
            await Task.Delay(20);
        }
    }

    public async Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        await using var connection = await App.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await App.Services.GetRequiredService<Database>().OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
