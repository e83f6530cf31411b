using Dapper;
using Handover.Common;
using Handover.Persistence;

namespace Channels.Twilio;

/// <summary>A signed webhook as stored: processed after Twilio has its answer.</summary>
internal sealed record StoredWebhook(long Id, string Kind, string Address, string Payload, long ReceivedAt, long Attempts);

/// <summary>
/// The durable inbox of Twilio webhooks (<c>twilio_inbound</c>): insert-or-ignore on the dedupe key, claimed in order
/// per address by the <see cref="InboundProcessor"/>, with a lock that a crashed node's rows outlive.
/// </summary>
internal sealed class InboundStore
{
    public const string Message = "message";
    public const string Status = "status";

    private readonly Database _database;

    /// <summary>Webhooks that arrive together are stored by one statement (one round trip, one commit).</summary>
    private readonly GroupCommit<NewWebhook, bool> _inserts;

    public InboundStore(Database database)
    {
        _database = database;
        _inserts = new GroupCommit<NewWebhook, bool>(InsertBatchAsync);
    }

    private sealed record NewWebhook(string DedupeKey, string Kind, string Address, string Payload, long ReceivedAt);

    /// <summary>Stores a webhook once; false when its key was seen before (nothing written).</summary>
    public Task<bool> TryInsertAsync(string dedupeKey, string kind, string address, string payload, long receivedAt, CancellationToken cancellationToken) =>
        _inserts.SubmitAsync(new NewWebhook(dedupeKey, kind, address, payload, receivedAt), cancellationToken);

    private async Task<IReadOnlyList<bool>> InsertBatchAsync(IReadOnlyList<NewWebhook> batch, CancellationToken cancellationToken)
    {
        // A key twice in one batch is written once; its later copies are duplicates like any retry.
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<NewWebhook>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (firstIndex.TryAdd(batch[i].DedupeKey, i))
                rows.Add(batch[i]);
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        IEnumerable<string> inserted;
        if (_database.IsPostgres)
        {
            inserted = await connection.QueryAsync<string>(new CommandDefinition(
                """
                INSERT INTO twilio_inbound (dedupe_key, kind, address, payload, received_at)
                SELECT k, kind, address, payload, received_at
                FROM unnest(@Keys::text[], @Kinds::text[], @Addresses::text[], @Payloads::text[], @ReceivedAts::bigint[])
                    WITH ORDINALITY AS w(k, kind, address, payload, received_at, ord)
                ORDER BY ord
                ON CONFLICT DO NOTHING
                RETURNING dedupe_key
                """,
                new
                {
                    Keys = rows.Select(r => r.DedupeKey).ToArray(),
                    Kinds = rows.Select(r => r.Kind).ToArray(),
                    Addresses = rows.Select(r => r.Address).ToArray(),
                    Payloads = rows.Select(r => r.Payload).ToArray(),
                    ReceivedAts = rows.Select(r => r.ReceivedAt).ToArray(),
                },
                cancellationToken: cancellationToken));
        }
        else
        {
            var parameters = new PlainParameters();
            var values = new List<string>(rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                values.Add($"(@k{i}, @kind{i}, @a{i}, @p{i}, @at{i})");
                parameters.Add($"k{i}", rows[i].DedupeKey);
                parameters.Add($"kind{i}", rows[i].Kind);
                parameters.Add($"a{i}", rows[i].Address);
                parameters.Add($"p{i}", rows[i].Payload);
                parameters.Add($"at{i}", rows[i].ReceivedAt);
            }
            inserted = await connection.QueryAsync<string>(new CommandDefinition(
                $"INSERT INTO twilio_inbound (dedupe_key, kind, address, payload, received_at) VALUES {string.Join(", ", values)} ON CONFLICT DO NOTHING RETURNING dedupe_key",
                parameters,
                cancellationToken: cancellationToken));
        }

        var stored = inserted.ToHashSet(StringComparer.Ordinal);
        return batch.Select((w, i) => firstIndex[w.DedupeKey] == i && stored.Contains(w.DedupeKey)).ToList();
    }

    private const string Due = """
        i.processed_at IS NULL AND (i.locked_until IS NULL OR i.locked_until < @now)
          AND NOT EXISTS (SELECT 1 FROM twilio_inbound p WHERE p.address = i.address AND p.processed_at IS NULL AND p.id < i.id)
        """;

    private const string Claimed = "RETURNING id AS Id, kind AS Kind, address AS Address, payload AS Payload, received_at AS ReceivedAt, attempts AS Attempts";

    /// <summary>
    /// Reads only unprocessed rows (migration 002's partial index), and finds the claimed ones by primary key through an
    /// array: a generic plan must not walk or join the processed history. SKIP LOCKED lets several nodes claim side by side.
    /// </summary>
    internal const string PostgresClaimSql = $"""
        UPDATE twilio_inbound SET locked_until = @lockedUntil, attempts = attempts + 1
        WHERE id = ANY(ARRAY(SELECT i.id FROM twilio_inbound i WHERE {Due} ORDER BY i.id LIMIT @limit FOR UPDATE SKIP LOCKED))
        {Claimed}
        """;

    /// <summary>SQLite is told the index: statistics taken while most rows were unprocessed would make it scan the table.</summary>
    internal const string SqliteClaimSql = $"""
        UPDATE twilio_inbound SET locked_until = @lockedUntil, attempts = attempts + 1
        WHERE id IN (SELECT i.id FROM twilio_inbound i INDEXED BY ix_twilio_inbound_due WHERE {Due} ORDER BY i.id LIMIT @limit)
        {Claimed}
        """;

    /// <summary>Claims up to <paramref name="limit"/> unprocessed rows whose earlier rows at the same address are done.</summary>
    public async Task<IReadOnlyList<StoredWebhook>> ClaimAsync(long now, int limit, TimeSpan lockFor, CancellationToken cancellationToken)
    {
        // One statement, so its own transaction: no BEGIN and COMMIT round trips around it.
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<StoredWebhook>(_database.IsPostgres ? PostgresClaimSql : SqliteClaimSql,
            new { now, lockedUntil = now + (long)lockFor.TotalMilliseconds, limit })).ToList();
        return rows.OrderBy(r => r.Id).ToList();
    }

    /// <summary>Marks handled rows processed, all in one statement.</summary>
    public async Task MarkProcessedAsync(IReadOnlyCollection<long> ids, long now, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return;
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync($"UPDATE twilio_inbound SET processed_at = @now, locked_until = NULL, last_error = NULL WHERE {_database.InList("id", "ids")}",
            new { ids = ids.ToArray(), now });
    }

    public async Task RetryLaterAsync(long id, long at, string error, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE twilio_inbound SET locked_until = @at, last_error = @error WHERE id = @id", new { id, at, error });
    }

    public async Task SaveMediaAsync(string messageSid, IReadOnlyList<(string Url, string ContentType)> media, CancellationToken cancellationToken)
    {
        if (media.Count == 0)
            return;
        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO twilio_media (message_sid, position, url, content_type) VALUES (@messageSid, @Position, @Url, @ContentType)
            ON CONFLICT DO NOTHING
            """, media.Select((m, i) => new { messageSid, Position = i, m.Url, m.ContentType }));
    }

    /// <summary>Rows not processed yet (tests and the benchmark).</summary>
    public async Task<long> CountUnprocessedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM twilio_inbound WHERE processed_at IS NULL");
    }
}
