using Handover.Agents;
using Microsoft.AspNetCore.Identity;

namespace BotHost.Inbox;

/// <summary>The outcome of a sign-in attempt.</summary>
internal abstract record SignInOutcome
{
    private SignInOutcome() { }

    public sealed record SignedIn(Agent Agent) : SignInOutcome;

    public sealed record WrongCredentials : SignInOutcome;

    public sealed record LockedOut(DateTimeOffset Until) : SignInOutcome;
}

/// <summary>
/// Checks an agent's password against the stored hash. <see cref="MaxFailedAttempts"/> wrong passwords in a row
/// lock the account for <see cref="LockoutDuration"/>; while locked even the right password is refused.
/// </summary>
internal sealed class AgentSignIn(AgentStore agents, AgentAccounts accounts, IPasswordHasher<Agent> hasher, TimeProvider time)
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);

    private static readonly Agent Nobody = new("-", "-", AgentRole.Agent, false);
    private static readonly Lazy<string> NobodysHash = new(() => new PasswordHasher<Agent>().HashPassword(Nobody, Guid.NewGuid().ToString()));

    public async Task<SignInOutcome> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var id = userName.Trim().ToLowerInvariant();
        var agent = id.Length == 0 ? null : await agents.GetAsync(id, cancellationToken);
        var hash = agent is null ? null : await agents.GetPasswordHashAsync(agent.Id, cancellationToken);
        if (agent is null || hash is null)
        {
            // Costs the same as a real check, so response times do not tell which user names exist.
            hasher.VerifyHashedPassword(Nobody, NobodysHash.Value, password);
            return new SignInOutcome.WrongCredentials();
        }

        if (await accounts.GetLockoutAsync(agent.Id, cancellationToken) is { } lockout && lockout.IsLocked(time.GetUtcNow()))
            return new SignInOutcome.LockedOut(lockout.LockedUntil!.Value);

        var verified = hasher.VerifyHashedPassword(agent, hash, password);
        if (verified == PasswordVerificationResult.Failed)
        {
            var after = await accounts.RecordFailureAsync(agent.Id, MaxFailedAttempts, LockoutDuration, cancellationToken);
            return after is not null && after.IsLocked(time.GetUtcNow())
                ? new SignInOutcome.LockedOut(after.LockedUntil!.Value)
                : new SignInOutcome.WrongCredentials();
        }
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
            await agents.UpsertAsync(agent, hasher.HashPassword(agent, password), null, cancellationToken);
        await accounts.ResetAsync(agent.Id, cancellationToken);
        return new SignInOutcome.SignedIn(agent);
    }
}
