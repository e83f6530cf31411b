using System.Security.Claims;
using Dapper;
using Handover.Persistence;
using Handover.Settings;

namespace BotHost.Admin;

/// <summary>
/// The admin editor at /admin/bots/{botId}: the bot's settings document with validation messages as the admin types,
/// drafts kept on the server (they survive leaving the page and restarts), publish (writes the file), and AI
/// publish/unpublish (L10). The page itself carries no data; everything goes through the admin API with the admin's
/// bearer token, so the admin role guards it until the web inbox's cookie sign-in lands.
/// </summary>
internal static class AdminPage
{
    public sealed record DraftDto(string BotId, string Yaml, string UpdatedBy, DateTimeOffset UpdatedAt, IReadOnlyList<ConfigError> Errors);

    public static void MapAdminPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/bots/{botId}", (string botId) => BotSettingsApi.ValidBotId(botId)
            ? Results.Content(Html, "text/html; charset=utf-8")
            : Results.Problem(statusCode: 404, title: "No such bot.", detail: $"'{botId}' is not a bot id."))
            .RequireAuthorization(Inbox.InboxAuthentication.AdminPages).ExcludeFromDescription();
        endpoints.MapGet("/admin/editor.js", () => Results.Content(Script, "text/javascript; charset=utf-8"))
            .RequireAuthorization(Inbox.InboxAuthentication.AdminPages).ExcludeFromDescription();

        var admin = endpoints.MapGroup("/api/admin/bots/{botId}/draft").RequireAuthorization(HandoverAdminSetup.AdminPolicy).WithTags("Admin");
        admin.MapGet("/", async (string botId, Database database, BotConfigCatalog catalog, CancellationToken ct) =>
        {
            await using var connection = await database.OpenAsync(ct);
            var row = await connection.QuerySingleOrDefaultAsync<(string Yaml, string UpdatedBy, long UpdatedAt)?>(
                "SELECT yaml, updated_by, updated_at FROM settings_drafts WHERE bot_id = @botId", new { botId });
            if (row is not { } draft)
                return Results.NoContent();
            var (_, result) = await catalog.CheckAsync(botId, draft.Yaml, ct);
            return Results.Ok(new DraftDto(botId, draft.Yaml, draft.UpdatedBy, DateTimeOffset.FromUnixTimeMilliseconds(draft.UpdatedAt), result.Errors));
        }).WithSummary("The admin's unpublished draft of the bot's settings, with its validation errors; 204 when there is none.");
        admin.MapPut("/", async (string botId, HttpRequest request, ClaimsPrincipal user, Database database, BotConfigCatalog catalog, TimeProvider time, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var yaml = await reader.ReadToEndAsync(ct);
            await using var connection = await database.OpenAsync(ct);
            var now = time.GetUtcNow();
            await connection.ExecuteAsync("""
                INSERT INTO settings_drafts (bot_id, yaml, updated_by, updated_at) VALUES (@botId, @yaml, @by, @now)
                ON CONFLICT (bot_id) DO UPDATE SET yaml = excluded.yaml, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, new { botId, yaml, by = user.Identity?.Name ?? "admin", now = now.ToUnixTimeMilliseconds() });
            var (_, result) = await catalog.CheckAsync(botId, yaml, ct);
            return Results.Ok(new DraftDto(botId, yaml, user.Identity?.Name ?? "admin", now, result.Errors));
        }).Accepts<string>("application/yaml", "text/plain").WithSummary("Saves a draft (any content) and returns its validation errors; nothing is applied.");
        admin.MapDelete("/", async (string botId, Database database, CancellationToken ct) =>
        {
            await using var connection = await database.OpenAsync(ct);
            await connection.ExecuteAsync("DELETE FROM settings_drafts WHERE bot_id = @botId", new { botId });
            return Results.NoContent();
        }).WithSummary("Discards the draft (after publishing it, or to start over).");
    }

    private const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Bot settings</title>
        <style>body{font:14px system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}textarea{width:100%;height:28rem;font:13px monospace}
        .errors{color:#a00}.ok{color:#060}button{margin-right:.5rem}</style></head>
        <body><h1>Handover settings: <span id="bot"></span></h1>
        <p><label>Admin API token <input id="token" type="password" autocomplete="off"></label> <button id="load">Load</button></p>
        <p id="status"></p>
        <textarea id="doc" spellcheck="false" aria-label="Settings document (YAML)"></textarea>
        <ul id="errors" class="errors"></ul>
        <p><button id="publish">Publish</button><button id="discard">Discard draft</button>
        <button id="ai-on">Publish the AI</button><button id="ai-off">Unpublish the AI</button></p>
        <script src="/admin/editor.js"></script></body></html>
        """;

    private const string Script = """
        const bot = location.pathname.split('/').pop();
        const $ = id => document.getElementById(id);
        $('bot').textContent = bot;
        $('token').value = sessionStorage.getItem('adminToken') || '';
        const api = (path, init = {}) => fetch(`/api/admin/bots/${bot}${path}`, { ...init, headers: { Authorization: `Bearer ${$('token').value}`, 'Content-Type': 'application/yaml' } });
        const show = (errors, ok) => {
          $('errors').replaceChildren(...(errors || []).map(e => Object.assign(document.createElement('li'), { textContent: `${e.path}: ${e.message}${e.value ? ` (found '${e.value}')` : ''}` })));
          $('status').textContent = ok; $('status').className = (errors || []).length ? 'errors' : 'ok';
        };
        async function load() {
          sessionStorage.setItem('adminToken', $('token').value);
          const draft = await api('/draft');
          if (draft.status === 200) { const d = await draft.json(); $('doc').value = d.yaml; show(d.errors, `Draft from ${d.updatedAt} (unpublished)`); return; }
          const current = await api('/settings');
          if (!current.ok) { show([], `Could not load: ${current.status}`); return; }
          const s = await current.json(); $('doc').value = s.yaml; show(s.refusedEdit, 'Published settings');
        }
        let timer;
        $('doc').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(async () => {
          const r = await api('/draft', { method: 'PUT', body: $('doc').value }); const d = await r.json(); show(d.errors, d.errors.length ? 'Draft saved, not valid yet' : 'Draft saved');
        }, 500); });
        async function publish(body) {
          const r = await api('/settings', { method: 'PUT', body });
          if (r.ok) { await api('/draft', { method: 'DELETE' }); $('doc').value = body; show([], 'Published'); return; }
          const p = await r.json(); show(p.errors, p.detail);
        }
        const setAi = on => { const v = `aiPublished: ${on}`; const t = $('doc').value;
          publish(/^aiPublished:.*$/m.test(t) ? t.replace(/^aiPublished:.*$/m, v) : `${v}\n${t}`); };
        $('load').onclick = load; $('publish').onclick = () => publish($('doc').value);
        $('discard').onclick = async () => { await api('/draft', { method: 'DELETE' }); load(); };
        $('ai-on').onclick = () => setAi(true); $('ai-off').onclick = () => setAi(false);
        if ($('token').value) load();
        """;
}
