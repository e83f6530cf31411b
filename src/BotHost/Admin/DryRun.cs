using BotHost.Dialogs;
using Handover.Bots;
using Handover.Settings;
using Handover.Triggers;
using Microsoft.Extensions.Options;

namespace BotHost.Admin;

/// <summary>
/// B2: POST /api/admin/bots/{botId}/dry-run with shopper lines (and optionally a settings document to try): per turn,
/// what the triggers detect and, on the handover, which actions would run in which order. Nothing is stored or sent.
/// </summary>
internal static class DryRun
{
    public sealed record DryRunRequest(IReadOnlyList<string>? Transcript, string? Settings);

    public sealed record DryRunTurn(int Turn, string Shopper, string Outcome, string? Trigger, string? Rule, string? Evidence, IReadOnlyList<string> Actions);

    public static void MapDryRun(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/admin/bots/{botId}/dry-run", async (
            string botId, DryRunRequest body, BotConfigCatalog catalog, IOptionsMonitor<BotsOptions> live, ScenarioRules scenarios,
            ContactRequestDetector contactRequests, HandoverAbility handover, CancellationToken ct) =>
        {
            if (body.Transcript is not { Count: > 0 } lines)
                return Problems.Invalid("'transcript' needs at least one shopper line.", []);
            var bot = catalog.For(botId);
            var settings = live.CurrentValue.For(botId);
            if (body.Settings is { } yaml)
            {
                var (config, result) = await catalog.CheckAsync(botId, yaml, ct);
                if (!result.Ok || config is null)
                    return Problems.Invalid($"The settings to try are not valid: {string.Join("; ", result.Errors)}", result.Errors);
                bot = config;
                settings = Trying(config, settings);
            }
            var history = new List<Handover.Assistant.ContextTurn>();
            var turns = new List<DryRunTurn>();
            var handedOver = false;
            for (var i = 0; i < lines.Count; i++)
            {
                var text = lines[i] ?? "";
                if (handedOver)
                {
                    turns.Add(new DryRunTurn(i + 1, text, "waiting_for_agent", null, null, null, []));
                    continue;
                }
                // In the dialogs' order: a contact request (T1), else the first scenario that fires (T5), by the same rules.
                var reason = !handover.BotHandsOver(bot) ? null
                    : (settings.ContactRequest ? contactRequests.Detect(new TriggerContext(botId, text, history)) : null)
                      ?? scenarios.FirstMatch(text, settings);
                if (reason is null)
                {
                    turns.Add(new DryRunTurn(i + 1, text, i == 0 && !bot.AiPublished ? "handed_over_ai_unpublished" : "ai_answers", null, null, null, []));
                    handedOver = i == 0 && !bot.AiPublished;
                }
                else
                {
                    handedOver = bot.Mode == "Automate";
                    var actions = bot.Actions.Take(BotConfig.MaxActions).Select(Describe).Append($"pickup timer: contact form after {bot.PickupTimeout} if nobody claims it").ToList();
                    turns.Add(new DryRunTurn(i + 1, text, handedOver ? "handed_over" : "flagged_semi_automate", reason.Trigger, reason.Rule, reason.Evidence, actions));
                }
                history.Add(new Handover.Assistant.ContextTurn("shopper", text));
            }
            return Results.Ok(new { botId, turns });
        }).RequireAuthorization(HandoverAdminSetup.AdminPolicy).WithTags("Admin")
          .WithSummary("Which triggers and actions a transcript would fire, with no side effects.");
    }

    /// <summary>The settings a tried file would give the bot, keeping the live reading of amounts and sentiment.</summary>
    private static BotSettings Trying(BotConfig file, BotSettings live)
    {
        var settings = new BotSettings { DefaultCurrency = live.DefaultCurrency, FrustrationThreshold = live.FrustrationThreshold };
        file.ApplyTo(settings);
        return settings;
    }

    private static string Describe(ActionConfig a) => a.Type switch
    {
        "assign" => $"assign to {a.Agent ?? $"an online agent ({a.Strategy ?? "roundRobin"}{(a.Team is null ? "" : $", team {a.Team}")})"}",
        "createTask" => $"create task \"{a.Description ?? "Will be created by AI"}\" due in {a.Due ?? "24h"}",
        "closingMessage" => $"send \"{a.Text ?? "Thank you! Someone from the team will get back to you."}\"",
        "pause" => $"pause the AI for {a.Duration}",
        "tags" => $"tag {string.Join(", ", a.Tags ?? ["human_handover"])}",
        "email" => $"e-mail {string.Join(", ", a.To ?? [])}",
        "ticket" => $"open a ticket in {string.Join(", ", a.Helpdesks ?? [])}",
        _ => a.Type,
    };
}
