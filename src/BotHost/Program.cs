using BotHost.Admin;
using BotHost.Agents;
using BotHost.Assistant;
using BotHost.Cli;
using BotHost.Demo;
using BotHost.Dialogs;
using BotHost.Hosting;
using BotHost.Inbox;
using BotHost.WebChat;
using Channels.DirectLine;
using Channels.Teams;
using Channels.Twilio;

// The composition root. Each feature registers its services with AddX and its endpoints with MapX;
// reading Build below tells what the host does. A command-line verb (recognize, ...) runs instead of the host.
if (await CliVerbs.TryRunAsync(args) is { } exitCode) return exitCode;
await Program.RunHostAsync(args);
return 0;

public partial class Program
{
    /// <summary>
    /// Builds and runs the host. Its own method, never inlined, so that compiling the entry point loads no ASP.NET Core
    /// assembly: a CLI verb (detect answers within ~200 ms of process start) never pays for the web host.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task RunHostAsync(string[] args) => await Build(args).RunAsync();

    /// <summary>Builds the host; tests pass <paramref name="customize"/> to swap what sits at the network edge.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddDemoMode();              // demo bot, demo agents, loopback only (Demo:Enabled)
        builder.AddProblemResponses();      // RFC 7807 for every error, never a 500 for bad input
        builder.AddStorage();               // SQLite or PostgreSQL, migrations, the core, the outbox worker
        builder.AddEmbeddedAssistant();     // the AI: answers from the bot's knowledge base
        builder.AddBotDialogs();            // triggers, offers, scenarios, modes: what the AI does with each message
        builder.AddDirectLine();            // web chat: Direct Line 3.0 for the official Web Chat widget
        builder.AddTwilio();                // SMS and WhatsApp shoppers, agents on their phones (Twilio section)
        builder.AddTeams();                 // agents in Microsoft Teams: /api/messages, handover cards, thread replies
        builder.AddAgentApi();              // agents: bearer tokens, conversations, commands, presence
        builder.AddHandoverActions();       // bot settings files, the plan's abilities (Workspace:*), handover actions, pickup chain, durable jobs (Quartz)
        builder.AddInbox();                 // agents in a browser: sign-in cookie, inbox pages, live hub
        builder.AddApiDocs();               // OpenAPI document and its browsable page
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseProblemResponses();
        app.UseShopperPage();               // the shopper demo page at / (static files, its CSP)
        app.UseWebSockets();
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseInbox();                     // antiforgery for cookie requests, same-origin hub

        app.MapHealth();                    // GET /healthz
        app.MapDirectLine();                // /v3/directline/*, POST /api/webchat/token
        app.MapTwilio();                    // POST /api/twilio/messages, /api/twilio/status
        app.MapTeams();                     // POST /api/messages (Bot Framework)
        app.MapAgentApi();                  // /api/conversations, /api/agents
        app.MapHandoverAdmin();             // /api/admin/*, /api/analytics, tasks, /admin/bots/{botId}
        app.MapInbox();                     // /login, /logout, /inbox, /admin, /api/inbox, /hubs/inbox
        app.MapApiDocs();                   // /openapi/v1.json, /api/docs
        app.PrintUrlsWhenStarted();
        return app;
    }
}
