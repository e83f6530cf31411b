using System.Security.Claims;
using Handover.Agents;
using Handover.Settings;

namespace BotHost.Admin.Editor;

/// <summary>
/// What the editor page (/admin/bots/{botId}) reads and writes: its starting state, the bot's draft (saved as the admin
/// types, kept in the database), publishing the draft, and the AI's published flag (L10). Publishing goes through
/// <see cref="BotConfigCatalog.SaveAsync"/> like PUT /settings: validated, applied at once, written to the file.
/// </summary>
internal static class EditorApi
{
    public sealed record DraftDto(string BotId, string Yaml, BotConfig? Settings, string UpdatedBy, DateTimeOffset UpdatedAt, IReadOnlyList<ConfigError> Errors);

    public sealed record AgentChoice(string Id, string DisplayName);

    /// <summary>The lists the form offers, from the validator itself so the two never disagree.</summary>
    public sealed record EditorChoices(
        int MaxActions, IReadOnlyList<string> ActionTypes, IReadOnlyList<string> Helpdesks, IReadOnlyList<string> Currencies, IReadOnlyList<AgentChoice> Agents);

    public sealed record EditorStateDto(string BotId, BotSettingsApi.SettingsDto Published, DraftDto? Draft, EditorChoices Choices);

    public sealed record AiPublishedRequest(bool? Published);

    public static void MapEditorApi(this IEndpointRouteBuilder endpoints)
    {
        var bot = endpoints.MapGroup("/api/admin/bots/{botId}").RequireAuthorization(HandoverAdminSetup.AdminPolicy).WithTags("Admin")
            .AddEndpointFilter(async (context, next) =>
            {
                var botId = (string)context.HttpContext.Request.RouteValues["botId"]!;
                return BotSettingsApi.ValidBotId(botId) ? await next(context) : BotSettingsApi.NotABotId(botId);
            });

        bot.MapGet("/editor", GetEditorAsync)
            .WithSummary("The editor's starting point: the published settings, the draft if there is one (with its errors), and the form's choices.");
        bot.MapGet("/draft", async (string botId, SettingsDrafts drafts, BotConfigCatalog catalog, CancellationToken ct) =>
            await drafts.GetAsync(botId, ct) is { } draft ? Results.Ok(await DescribeAsync(draft, catalog, ct)) : Results.NoContent())
            .WithSummary("The unpublished draft of the bot's settings, with its validation errors; 204 when there is none.");
        bot.MapPut("/draft", SaveDraftAsync)
            .Accepts<string>("application/json", "application/yaml", "text/yaml", "text/plain")
            .WithSummary("Saves a draft and returns its validation errors; nothing is applied. JSON (the form's settings, read strictly) or YAML (any text).");
        bot.MapDelete("/draft", async (string botId, SettingsDrafts drafts, CancellationToken ct) =>
        {
            await drafts.DeleteAsync(botId, ct);
            return Results.NoContent();
        }).WithSummary("Discards the draft: the published settings stay as they are.");
        bot.MapPost("/draft/publish", PublishAsync)
            .WithSummary("Validates the draft, applies it at once and writes the bot's file; 400 lists every error by path and keeps the draft.");
        bot.MapPut("/ai-published", SetAiPublishedAsync)
            .WithSummary("Publishes or unpublishes the AI agent (L10) at once, in the file and in the draft; unpublished, new conversations go straight to the agents.");
    }

    private static async Task<IResult> GetEditorAsync(string botId, BotConfigCatalog catalog, SettingsDrafts drafts, AgentStore agents, CancellationToken ct)
    {
        var published = new BotSettingsApi.SettingsDto(botId, catalog.FileOf(botId), await catalog.ReadAsync(botId, ct), catalog.For(botId), catalog.LastError(botId)?.Errors);
        var draft = await drafts.GetAsync(botId, ct) is { } d ? await DescribeAsync(d, catalog, ct) : null;
        var choices = new EditorChoices(BotConfig.MaxActions, BotConfigValidator.ActionTypes, BotConfigValidator.Helpdesks, Amounts.KnownCurrencies,
            (await agents.ListAsync(ct)).Select(a => new AgentChoice(a.Id, a.DisplayName)).ToList());
        return Results.Ok(new EditorStateDto(botId, published, draft, choices));
    }

    private static async Task<IResult> SaveDraftAsync(
        string botId, HttpRequest request, ClaimsPrincipal user, SettingsDrafts drafts, BotConfigCatalog catalog, CancellationToken ct)
    {
        if (await DocumentBody.ReadAsync(request, ct) is not { } text)
            return DocumentBody.TooLarge();
        var yaml = text;
        if (DocumentBody.IsJson(request))
        {
            // The form's JSON is stored as the YAML the file will get, so the draft reads like the file it becomes.
            var (config, errors) = SettingsJson.Read(text);
            if (config is null)
                return Problems.Invalid($"The draft was not saved: {string.Join("; ", errors)}", errors);
            yaml = BotConfigYaml.Write(config);
        }
        var draft = await drafts.SaveAsync(botId, yaml, user.Identity?.Name ?? "admin", ct);
        return Results.Ok(await DescribeAsync(draft, catalog, ct));
    }

    private static async Task<IResult> PublishAsync(string botId, SettingsDrafts drafts, BotConfigCatalog catalog, CancellationToken ct)
    {
        if (await drafts.GetAsync(botId, ct) is not { } draft)
            return Results.Problem(statusCode: 404, title: "There is no draft.", detail: $"Bot '{botId}' has no draft to publish; save one first (PUT .../draft).");
        var result = await catalog.SaveAsync(botId, draft.Yaml, ct);
        if (!result.Ok)
            return Problems.Invalid($"The draft was not published: {string.Join("; ", result.Errors)}", result.Errors);
        // A draft saved while this one was being published is newer work: it stays.
        await drafts.DeleteIfUnchangedAsync(draft, ct);
        return Results.Ok(new BotSettingsApi.SettingsDto(botId, result.File, draft.Yaml, catalog.For(botId), null));
    }

    private static async Task<IResult> SetAiPublishedAsync(
        string botId, AiPublishedRequest body, SettingsDrafts drafts, BotConfigCatalog catalog, CancellationToken ct)
    {
        if (body.Published is not { } published)
            return Results.Problem(statusCode: 400, title: "The request is not valid.", detail: "'published' (true or false) is required.");
        var yaml = AiPublishedLine.Set(await catalog.ReadAsync(botId, ct), published);
        var result = await catalog.SaveAsync(botId, yaml, ct);
        if (!result.Ok)
            return Problems.Invalid($"{result.File} has an edit that is not valid; fix it before switching the AI: {string.Join("; ", result.Errors)}", result.Errors);
        // The draft follows, or publishing it later would quietly switch the AI back.
        if (await drafts.GetAsync(botId, ct) is { } draft)
            await drafts.SaveAsync(botId, AiPublishedLine.Set(draft.Yaml, published), draft.UpdatedBy, ct);
        return Results.Ok(new BotSettingsApi.SettingsDto(botId, result.File, yaml, catalog.For(botId), null));
    }

    private static async Task<DraftDto> DescribeAsync(SettingsDraft draft, BotConfigCatalog catalog, CancellationToken ct)
    {
        var (config, result) = await catalog.CheckAsync(draft.BotId, draft.Yaml, ct);
        return new DraftDto(draft.BotId, draft.Yaml, config, draft.UpdatedBy, draft.UpdatedAt, result.Errors);
    }
}
