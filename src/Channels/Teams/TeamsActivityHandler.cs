using Channels.BotFramework;

namespace Channels.Teams;

/// <summary>Routes an authenticated activity from Teams: card actions, channel thread messages, personal chat messages.</summary>
internal sealed class TeamsActivityHandler(TeamsStore store, ThreadCommands threads, PersonalCommands personal)
{
    public const string AdaptiveCardAction = "adaptiveCard/action";

    /// <summary>The invoke response for an invoke; null for every other activity (answered 200 with no body).</summary>
    public async Task<InvokeResponse?> HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Type == ActivityTypes.Invoke)
        {
            return activity.Name == AdaptiveCardAction && activity.ServiceUrl is not null && activity.Conversation?.Id is not null
                ? await threads.ExecuteAsync(activity, cancellationToken)
                : new InvokeResponse(501, null);
        }
        if (activity.ServiceUrl is null || activity.Conversation?.Id is null)
            return null;

        var personalChat = activity.Conversation.ConversationType == "personal";
        if (personalChat && activity.From?.AadObjectId is { } aad && activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate)
            await store.RememberPersonalChatAsync(aad, new TeamsAddress(activity.ServiceUrl, activity.Conversation.Id), cancellationToken);

        if (activity.Type != ActivityTypes.Message)
            return null;
        if (personalChat)
            await personal.HandleAsync(activity, cancellationToken);
        else if (activity.Conversation.ConversationType == "channel")
            await threads.HandleMessageAsync(activity, cancellationToken);
        return null;
    }
}
