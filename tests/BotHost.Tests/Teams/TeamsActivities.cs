using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace BotHost.Tests.Teams;

/// <summary>Activities as Teams sends them to the bot, and a way to post them to /api/messages.</summary>
public static class TeamsActivities
{
    public const string BotId = "28:handover-bot";
    private static int _ids;

    public static JsonObject ChannelMessage(FakeBotConnector fake, string threadId, TeamsUser from, string text, JsonArray? extraMentions = null)
    {
        var entities = new JsonArray(new JsonObject
        {
            ["type"] = "mention", ["text"] = "<at>Handover</at>",
            ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "Handover" },
        });
        foreach (var m in extraMentions ?? [])
            entities.Add(m!.DeepClone());
        var activity = Base(fake, "message", from, new JsonObject { ["id"] = threadId, ["conversationType"] = "channel", ["isGroup"] = true });
        activity["text"] = $"<at>Handover</at> {text}";
        activity["entities"] = entities;
        activity["channelData"] = new JsonObject { ["channel"] = new JsonObject { ["id"] = "19:agents@thread.skype" }, ["someFutureField"] = 1 };
        return activity;
    }

    public static JsonObject PersonalMessage(FakeBotConnector fake, TeamsUser from, string text)
    {
        var activity = Base(fake, "message", from, new JsonObject { ["id"] = $"a:personal-{from.Aad}", ["conversationType"] = "personal" });
        activity["text"] = text;
        return activity;
    }

    public static JsonObject ClaimInvoke(FakeBotConnector fake, string threadId, TeamsUser from, string conversationId)
    {
        var activity = Base(fake, "invoke", from, new JsonObject { ["id"] = threadId, ["conversationType"] = "channel", ["isGroup"] = true });
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute", ["verb"] = "claim",
                ["data"] = new JsonObject { ["action"] = "claim", ["conversationId"] = conversationId },
            },
            ["trigger"] = "manual",
        };
        return activity;
    }

    public static JsonObject ConversationUpdate(FakeBotConnector fake, string? channelId = "msteams")
    {
        var activity = Base(fake, "conversationUpdate", TeamsUser.Stranger, new JsonObject { ["id"] = "19:other@thread.skype", ["conversationType"] = "channel" });
        if (channelId is null)
            activity.Remove("channelId");
        else
            activity["channelId"] = channelId;
        return activity;
    }

    private static JsonObject Base(FakeBotConnector fake, string type, TeamsUser from, JsonObject conversation) => new()
    {
        ["type"] = type,
        ["id"] = $"f:{Interlocked.Increment(ref _ids)}",
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = fake.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = from.TeamsId, ["name"] = from.Name, ["aadObjectId"] = from.Aad },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Handover" },
        ["conversation"] = conversation,
        ["locale"] = "en-US",
    };

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject activity, string? authorization) =>
        PostRawAsync(client, activity.ToJsonString(), authorization);

    public static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string body, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await client.SendAsync(request);
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
