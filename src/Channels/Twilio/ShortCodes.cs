using System.Security.Cryptography;
using Dapper;
using Handover.Persistence;

namespace Channels.Twilio;

/// <summary>Short codes agents type on a phone ("claim K3F"): one per conversation, assigned on first use, insert-or-ignore.</summary>
internal sealed class ShortCodes(Database database)
{
    // No 0/O, 1/I/L: codes are read off a phone screen and typed back.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public async Task<string> GetOrCreateAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<string?>(
                "SELECT code FROM twilio_short_codes WHERE conversation_id = @conversationId", new { conversationId });
            if (existing is not null)
                return existing;
            // Three characters while they are mostly free; longer once collisions show the space filling up.
            var code = RandomNumberGenerator.GetString(Alphabet, 3 + (attempt / 5));
            await connection.ExecuteAsync(
                "INSERT INTO twilio_short_codes (code, conversation_id) VALUES (@code, @conversationId) ON CONFLICT DO NOTHING", new { code, conversationId });
        }
    }

    public async Task<string?> FindAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT conversation_id FROM twilio_short_codes WHERE code = @code", new { code = code.Trim().TrimStart('#').ToUpperInvariant() });
    }
}
