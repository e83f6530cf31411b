using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Channels.DirectLine;

/// <summary>
/// The optional body of <c>POST /tokens/generate</c> and <c>POST /conversations</c>: <c>{user: {id, name}}</c>.
/// Other fields (<c>trustedOrigins</c>, <c>locale</c>) are accepted and ignored.
/// </summary>
internal sealed record TokenParameters(string? UserId, string? UserName)
{
    public const int MaxUserIdLength = 100;

    public static (TokenParameters? Parameters, IResult? Problem) Parse(JsonObject? body)
    {
        if (body?["user"] is not { } user || user.GetValueKind() == JsonValueKind.Null)
            return (new TokenParameters(null, null), null);
        if (user is not JsonObject account)
            return (null, DirectLineProblems.BadArgument("'user' must be an object."));

        var (id, idProblem) = OptionalString(account, "id", MaxUserIdLength);
        if (idProblem is not null)
            return (null, idProblem);
        var (name, nameProblem) = OptionalString(account, "name", InboundActivity.MaxNameLength);
        if (nameProblem is not null)
            return (null, nameProblem);
        return (new TokenParameters(string.IsNullOrWhiteSpace(id) ? null : id, name), null);
    }

    private static (string? Value, IResult? Problem) OptionalString(JsonObject account, string property, int maxLength)
    {
        if (account[property] is not { } node || node.GetValueKind() == JsonValueKind.Null)
            return (null, null);
        if (node.GetValueKind() != JsonValueKind.String || node.GetValue<string>() is not { } value || value.Length > maxLength)
            return (null, DirectLineProblems.BadArgument($"'user.{property}' must be a string of at most {maxLength} characters."));
        return (value, null);
    }
}
