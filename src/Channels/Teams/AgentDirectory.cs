using Channels.BotFramework;
using Handover.Agents;
using Microsoft.Extensions.Options;

namespace Channels.Teams;

/// <summary>Which agent a Teams user is: their Entra object id through the configured map (<c>Teams:Agents</c>).</summary>
internal sealed class AgentDirectory(AgentStore agents, TeamsStore store, IOptions<TeamsOptions> options)
{
    public async Task<Agent?> AgentOfAsync(ChannelAccount? user, CancellationToken cancellationToken)
    {
        var aad = user?.AadObjectId;
        if (aad is null && user?.Id is { } teamsId)
            aad = await store.AadObjectIdOfAsync(teamsId, cancellationToken);
        return options.Value.AgentFor(aad) is { } agentId ? await agents.GetAsync(agentId, cancellationToken) : null;
    }

    public static string NotLinked(ChannelAccount? user) =>
        $"Your Teams account is not linked to an agent. Ask an admin to add Teams:Agents:{user?.AadObjectId ?? "<your Entra object id>"} = <agent id>.";
}
