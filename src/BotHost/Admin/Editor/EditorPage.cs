using BotHost.Inbox;

namespace BotHost.Admin.Editor;

/// <summary>
/// The bot settings editor at /admin/bots/{botId} (S5): a form over the bot's settings document with the server's
/// validation messages by field, drafts saved as the admin types, publish, the AI's published switch (L10) and a dry
/// run (B2). The page (Inbox/Pages/bot-editor.html) is served like the inbox's pages, for signed-in admins only; its
/// scripts (wwwroot/agent/editor*.js) carry no data and talk to <see cref="EditorApi"/> with the sign-in cookie.
/// </summary>
internal static class EditorPage
{
    public static void MapBotEditor(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/bots/{botId}", (HttpContext context, string botId) => BotSettingsApi.ValidBotId(botId)
            ? InboxPages.Page(context, "bot-editor.html", new Dictionary<string, string> { ["botId"] = botId })
            : BotSettingsApi.NotABotId(botId))
            .RequireAuthorization(InboxAuthentication.AdminPages).ExcludeFromDescription();
        endpoints.MapEditorApi();
    }
}
