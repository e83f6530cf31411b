using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Handover.Conversations;
using Handover.Jobs;
using Handover.Settings;
using Microsoft.Extensions.Options;

namespace Handover.Actions;

/// <summary>What one helpdesk call came to: created, worth retrying (timeouts, 429, 5xx), or refused for good (other 4xx).</summary>
public sealed record HelpdeskResult(bool Created, bool Transient, string? Error)
{
    public static readonly HelpdeskResult Ok = new(true, false, null);
}

/// <summary>
/// Opens a ticket with the full transcript in Gorgias, Zendesk or Intercom through their public REST APIs. Each call
/// carries an idempotency key where the API takes one, so a retried call does not open a second ticket.
/// </summary>
public sealed class Helpdesks(IOptionsMonitor<IntegrationsOptions> options) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public Task<HelpdeskResult> OpenTicketAsync(string helpdesk, Conversation c, string subject, string transcript, string idempotencyKey, CancellationToken ct) => helpdesk switch
    {
        "gorgias" => GorgiasAsync(c, subject, transcript, idempotencyKey, ct),
        "zendesk" => ZendeskAsync(subject, transcript, idempotencyKey, ct),
        "intercom" => IntercomAsync(c, transcript, idempotencyKey, ct),
        _ => Task.FromResult(new HelpdeskResult(false, false, $"Unknown helpdesk '{helpdesk}'.")),
    };

    // POST /api/tickets, HTTP basic auth with the user's e-mail and API key.
    private Task<HelpdeskResult> GorgiasAsync(Conversation c, string subject, string transcript, string key, CancellationToken ct)
    {
        var o = options.CurrentValue.Gorgias;
        var body = new
        {
            channel = "api",
            via = "api",
            subject,
            customer = new { name = c.ShopperName ?? c.ShopperId, external_id = c.ShopperId },
            messages = new[]
            {
                new { channel = "api", via = "api", from_agent = false, subject, body_text = transcript, sender = new { external_id = c.ShopperId } },
            },
            tags = new[] { new { name = "human_handover" } },
        };
        return SendAsync($"{o.BaseUrl!.TrimEnd('/')}/api/tickets", body, Basic(o.Username!, o.ApiKey!), key, ct);
    }

    // POST /api/v2/tickets.json, basic auth "{email}/token:{api token}".
    private Task<HelpdeskResult> ZendeskAsync(string subject, string transcript, string key, CancellationToken ct)
    {
        var o = options.CurrentValue.Zendesk;
        var body = new { ticket = new { subject, comment = new { body = transcript }, tags = new[] { "human_handover" } } };
        return SendAsync($"{o.BaseUrl!.TrimEnd('/')}/api/v2/tickets.json", body, Basic($"{o.Email}/token", o.ApiToken!), key, ct);
    }

    // POST /conversations as the user (by external id), bearer access token.
    private Task<HelpdeskResult> IntercomAsync(Conversation c, string transcript, string key, CancellationToken ct)
    {
        var o = options.CurrentValue.Intercom;
        var body = new { from = new { type = "user", user_id = c.ShopperId }, body = transcript };
        return SendAsync($"{o.BaseUrl.TrimEnd('/')}/conversations", body, new AuthenticationHeaderValue("Bearer", o.AccessToken), key, ct);
    }

    private async Task<HelpdeskResult> SendAsync(string url, object body, AuthenticationHeaderValue auth, string key, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(options.CurrentValue.CallTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = auth;
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await _http.SendAsync(request, cts.Token);
            if (response.IsSuccessStatusCode)
                return HelpdeskResult.Ok;
            var text = await response.Content.ReadAsStringAsync(cts.Token);
            var error = $"{url} answered {(int)response.StatusCode}: {(text.Length > 200 ? text[..200] : text)}";
            var transient = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500;
            return new HelpdeskResult(false, transient, error);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new HelpdeskResult(false, true, $"{url}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public void Dispose() => _http.Dispose();
}

/// <summary>A7: a ticket with the full transcript in each configured helpdesk; each helpdesk is its own idempotent step.</summary>
internal sealed class TicketAction(Helpdesks helpdesks, Transcript transcripts, ActionStore runs) : IHandoverAction
{
    public string Type => "ticket";

    public async Task<JobOutcome> RunAsync(ActionContext context, CancellationToken cancellationToken)
    {
        var c = context.Conversation;
        var transcript = await transcripts.TextAsync(c.Id, cancellationToken);
        var subject = $"Chat handover: {c.ShopperName ?? c.ShopperId}";
        var transient = new List<string>();
        var failed = new List<string>();
        foreach (var helpdesk in context.Action.Helpdesks ?? [])
        {
            var step = $"{context.Step}:{helpdesk}";
            if (await runs.BeginAsync(context.EventId, step, c.Id, "ticket", cancellationToken) is ActionStore.Done or ActionStore.Failed)
                continue;
            var result = await helpdesks.OpenTicketAsync(helpdesk, c, subject, transcript, $"handover-{context.EventId}-{step}", cancellationToken);
            if (result.Created)
                await runs.MarkAsync(context.EventId, step, ActionStore.Done, null, cancellationToken);
            else if (result.Transient)
                transient.Add(result.Error!);
            else
            {
                await runs.MarkAsync(context.EventId, step, ActionStore.Failed, result.Error, cancellationToken);
                failed.Add(result.Error!);
            }
        }
        if (transient.Count > 0)
            return JobOutcome.Retry(string.Join("; ", transient));
        return failed.Count > 0 ? JobOutcome.Fail(string.Join("; ", failed)) : JobOutcome.Done;
    }
}
