using YamlDotNet.Serialization;

namespace Handover.Settings;

/// <summary>
/// One bot's handover settings as written in <c>config/bots/&lt;botId&gt;.yaml</c> (S5). Property names are the YAML keys
/// in camelCase; every value has a default, so an empty file is a valid one. See the annotated config/bots/demo.yaml.
/// </summary>
public sealed class BotConfig
{
    public const int MaxActions = 6;

    public string? DisplayName { get; set; }

    public AbilitiesConfig Abilities { get; set; } = new();

    /// <summary>Automate (hand over and pause the AI) or SemiAutomate (T7).</summary>
    public string Mode { get; set; } = "Automate";

    /// <summary>L10: false stops the AI from picking up new conversations (they go straight to the agents).</summary>
    public bool AiPublished { get; set; } = true;

    /// <summary>reopen | fresh (L7).</summary>
    public string AfterResolve { get; set; } = "reopen";

    /// <summary>P2: how long a handed-over conversation may wait for a human before the shopper gets the contact form.</summary>
    public string PickupTimeout { get; set; } = "120s";

    public TriggersConfig Triggers { get; set; } = new();

    public List<ScenarioConfig> Scenarios { get; set; } = [];

    /// <summary>Teams for auto-assignment: name to agent ids.</summary>
    public Dictionary<string, List<string>> Teams { get; set; } = [];

    public NoticesConfig Notices { get; set; } = new();

    /// <summary>Up to <see cref="MaxActions"/> actions, run in order on each handover.</summary>
    public List<ActionConfig> Actions { get; set; } = [];
}

public sealed class AbilitiesConfig
{
    /// <summary>
    /// This bot's triggers hand over to people (S5); off, the AI keeps every conversation unless an agent takes it over.
    /// Only where the workspace's plan includes handover (<see cref="WorkspaceOptions.PlanIncludesHandover"/>, L11);
    /// <see cref="HandoverAbility"/> combines the two.
    /// </summary>
    public bool Handover { get; set; } = true;
}

public sealed class TriggersConfig
{
    public bool ContactRequest { get; set; } = true;

    public int FailedAttemptLimit { get; set; } = 2;

    public bool OfferBeforeHandover { get; set; }
}

/// <summary>
/// T5: a rule written by the admin: topic keywords and, optionally, an amount the message must exceed; or frustration
/// (optionally only about the topic).
/// </summary>
public sealed class ScenarioConfig
{
    public string Name { get; set; } = "";

    public List<string> Topic { get; set; } = [];

    public AmountConfig? AmountOver { get; set; }

    /// <summary>Fires when the shopper sounds frustrated (the dialogs' sentiment at or below the bot's FrustrationThreshold).</summary>
    /// <remarks>Written only when set: every topic rule would otherwise carry "frustration: false" in the file.</remarks>
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitDefaults)]
    public bool Frustration { get; set; }
}

public sealed class AmountConfig
{
    public decimal Value { get; set; }

    public string Currency { get; set; } = "USD";
}

/// <summary>Texts the shopper sees; null keeps the product's default.</summary>
public sealed class NoticesConfig
{
    public string? HandingOver { get; set; }

    public string? Takeover { get; set; }

    public string? GiveBack { get; set; }

    public string? Transfer { get; set; }

    public string? ContactForm { get; set; }

    public string? ContactSaved { get; set; }
}

/// <summary>
/// One handover action (A1-A7). <see cref="Type"/> picks the handler; the other fields belong to one type or another
/// (the validator refuses fields a type does not use being wrong, and fills nothing in: handlers apply the defaults).
/// </summary>
public sealed class ActionConfig
{
    /// <summary>assign | createTask | closingMessage | pause | tags | email | ticket.</summary>
    public string Type { get; set; } = "";

    // assign
    public string? Agent { get; set; }
    public string? Strategy { get; set; }
    public int? Capacity { get; set; }
    public string? Team { get; set; }

    // createTask
    public string? Description { get; set; }
    public string? Due { get; set; }
    public string? Assignee { get; set; }

    // closingMessage
    public string? Text { get; set; }

    // pause
    public string? Duration { get; set; }

    // tags
    public List<string>? Tags { get; set; }

    // email
    public List<string>? To { get; set; }
    public string? Subject { get; set; }

    // ticket
    public List<string>? Helpdesks { get; set; }
}
