namespace BotHost.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seeds the demo bot's agents (alice, bob, carol, admin) and development secrets. Never for production.</summary>
    public bool Enabled { get; set; }

    /// <summary>Demo mode binds only loopback addresses unless this is set: its passwords and tokens are public.</summary>
    public bool AllowRemote { get; set; }
}
