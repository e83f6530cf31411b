using Handover.Bots;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Handover.Settings;

/// <summary>
/// Feeds the core's <see cref="BotsOptions"/> from the bot files: what a file sets wins over configuration, what it
/// leaves out keeps the <see cref="BotSettings"/> defaults. A file change re-runs this (the change token), so
/// <c>IOptionsMonitor&lt;BotsOptions&gt;</c> readers see new settings without a restart.
/// </summary>
internal sealed class BotSettingsFromFiles(BotConfigCatalog catalog) : IPostConfigureOptions<BotsOptions>, IOptionsChangeTokenSource<BotsOptions>, IDisposable
{
    private CancellationTokenSource _changed = new();
    private bool _subscribed;
    private readonly Lock _lock = new();

    public string? Name => Options.DefaultName;

    public void PostConfigure(string? name, BotsOptions options)
    {
        foreach (var botId in catalog.BotIds)
        {
            var settings = options.Bots.TryGetValue(botId, out var existing) ? existing : new BotSettings();
            catalog.For(botId).ApplyTo(settings);
            options.Bots[botId] = settings;
        }
    }

    public IChangeToken GetChangeToken()
    {
        lock (_lock)
        {
            if (!_subscribed)
            {
                catalog.Changed += _ => Fire();
                _subscribed = true;
            }
            return new CancellationChangeToken(_changed.Token);
        }
    }

    public void Dispose()
    {
        lock (_lock)
            _changed.Dispose();
    }

    private void Fire()
    {
        CancellationTokenSource previous;
        lock (_lock)
        {
            previous = _changed;
            _changed = new CancellationTokenSource();
        }
        previous.Cancel();
        previous.Dispose();
    }
}

public static class BotFileSettings
{
    /// <summary>What a bot file sets, over <paramref name="settings"/>; what it leaves out keeps its value there.</summary>
    public static void ApplyTo(this BotConfig file, BotSettings settings)
    {
        settings.AfterResolve = file.AfterResolve == "fresh" ? AfterResolve.FreshConversation : AfterResolve.Reopen;
        if (file.DisplayName is { Length: > 0 } displayName)
            settings.DisplayName = displayName;
        if (file.Notices.HandingOver is { Length: > 0 } handingOver)
            settings.HandingOverNotice = handingOver;
        if (file.Notices.Takeover is { Length: > 0 } takeover)
            settings.TakeoverNotice = takeover;
        if (file.Notices.GiveBack is { Length: > 0 } giveBack)
            settings.GiveBackNotice = giveBack;
        if (file.Notices.Transfer is { Length: > 0 } transfer)
            settings.TransferNotice = transfer;
        settings.Mode = file.Mode == "SemiAutomate" ? HandoverMode.SemiAutomate : HandoverMode.Automate;
        settings.ContactRequest = file.Triggers.ContactRequest;
        settings.FailedAttemptLimit = file.Triggers.FailedAttemptLimit;
        settings.OfferBeforeHandover = file.Triggers.OfferBeforeHandover;
        if (file.Scenarios.Count > 0)
        {
            settings.Scenarios = file.Scenarios.Select(s => new ScenarioRule
            {
                Name = s.Name,
                Keywords = [.. s.Topic],
                AmountOver = s.AmountOver is { } a ? new AmountThreshold { Value = a.Value, Currency = a.Currency } : null,
                Frustration = s.Frustration,
            }).ToList();
        }
    }
}
