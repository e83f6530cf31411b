using Handover.Actions;
using Handover.Settings;

namespace BotHost.Admin;

/// <summary>GET/PUT /api/admin/bots/{botId}/settings: the bot's settings file, with the same validation as the file watcher.</summary>
internal static class BotSettingsApi
{
    public sealed record BotDto(string Id, string? DisplayName, string File, string Editor);

    public sealed record SettingsDto(string BotId, string File, string Yaml, BotConfig Settings, IReadOnlyList<ConfigError>? RefusedEdit);

    public static void MapBotSettingsApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/admin").RequireAuthorization(HandoverAdminSetup.AdminPolicy).WithTags("Admin");
        admin.MapGet("/bots", (BotConfigCatalog catalog) => Results.Ok(catalog.BotIds.Order(StringComparer.Ordinal)
                .Select(id => new BotDto(id, catalog.For(id).DisplayName, catalog.FileOf(id), $"/admin/bots/{id}"))))
            .WithSummary("The bots that have a settings file, with where to edit each.");
        admin.MapGet("/bots/{botId}/settings", async (string botId, BotConfigCatalog catalog, CancellationToken ct) =>
            Results.Ok(new SettingsDto(botId, catalog.FileOf(botId), await catalog.ReadAsync(botId, ct), catalog.For(botId), catalog.LastError(botId)?.Errors)))
            .WithSummary("The bot's handover settings: the file as written (YAML), as applied, and the last refused edit of the file, if any.");
        admin.MapPut("/bots/{botId}/settings", async (string botId, HttpRequest request, BotConfigCatalog catalog, CancellationToken ct) =>
        {
            if (!ValidBotId(botId))
                return NotABotId(botId);
            if (await Editor.DocumentBody.ReadAsync(request, ct) is not { } yaml)
                return Editor.DocumentBody.TooLarge();
            var result = await catalog.SaveAsync(botId, yaml, ct);
            if (!result.Ok)
                return Problems.Invalid($"{result.File} is not valid: {string.Join("; ", result.Errors)}", result.Errors);
            return Results.Ok(new SettingsDto(botId, result.File, yaml, catalog.For(botId), null));
        }).Accepts<string>("application/yaml", "text/yaml", "text/plain", "application/json")
          .WithSummary("Replaces the bot's settings file (YAML or JSON) and applies it at once; 400 lists every error by path.");
        admin.MapGet("/failures", async (string? conversationId, ActionFailures failures, CancellationToken ct) =>
            Results.Ok(await failures.ListAsync(string.IsNullOrWhiteSpace(conversationId) ? null : conversationId, ct)))
            .WithSummary("Handover actions and jobs that failed for good (A8), newest first.");
        admin.MapGet("/conversations/{id}/actions", async (string id, ActionStore runs, ContactStore contacts, CancellationToken ct) =>
            Results.Ok(new { actions = await runs.ListAsync(id, ct), contacts = await contacts.ForConversationAsync(id, ct) }))
            .WithSummary("The handover action steps of a conversation with their status, and the contacts the shopper left.");
    }

    public static bool ValidBotId(string botId) => botId.Length is > 0 and <= 64 && botId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static IResult NotABotId(string botId) => Results.Problem(
        statusCode: 400, title: "The request is not valid.", detail: $"'{botId}' is not a bot id (up to 64 letters, digits, '-' and '_').");
}

internal static class Problems
{
    public static IResult Invalid(string detail, IReadOnlyList<ConfigError> errors) => Results.Problem(
        statusCode: 400, title: "The settings are not valid.", detail: detail,
        extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { e.Path, e.Value, e.Message }).ToList() });
}
