using Dapper;
using Handover.Common;
using Handover.Persistence;

namespace Channels.DirectLine;

internal sealed record DirectLineConversation(string Id, string UserId, string? UserName, string BotId, string? Page, DateTimeOffset CreatedAt);

/// <summary>An activity in a conversation's log. <see cref="Seq"/> is its watermark.</summary>
internal sealed record StoredActivity(string ConversationId, long Seq, string ActivityId, string Type, string Json);

/// <summary>The server-side facts of an activity being appended, known only inside the append's transaction.</summary>
internal sealed record ActivitySlot(string ActivityId, DateTimeOffset Timestamp, string BotId);

/// <summary>
/// An activity to append. <see cref="ActivityId"/> null means "assign one from the watermark" (user activities);
/// a fixed id makes the append idempotent (bot messages). <see cref="ClientActivityId"/> makes a client's retry idempotent.
/// </summary>
internal sealed record NewActivity(string Type, string? ActivityId, string? ClientActivityId, bool ForwardToCore, Func<ActivitySlot, string> Render);

internal enum AppendOutcome
{
    Appended,
    /// <summary>The same activity id or clientActivityID was appended before; <see cref="AppendResult.Activity"/> is that one.</summary>
    AlreadyThere,
    ConversationNotFound,
}

internal sealed record AppendResult(AppendOutcome Outcome, StoredActivity? Activity);

/// <summary>
/// The append-only activity log of Direct Line conversations. Appends to one conversation are serialised by bumping
/// the conversation's <c>last_seq</c> first (a row lock on PostgreSQL, the write lock on SQLite), so watermarks are
/// dense per conversation and a reader that has seen seq N can never later miss an activity with a smaller seq.
/// On PostgreSQL a node remembers each conversation's newest seq and timestamp, so an append (or the outbox's appends to
/// many conversations) is one statement (compare-and-set bump, insert, NOTIFY); another node's append makes the
/// compare-and-set miss, and the append falls back to bump-then-insert in a transaction.
/// </summary>
internal sealed class DirectLineStore(Database database, TimeProvider time) : IDisposable
{
    /// <summary>Conversations are never changed after creation (only their log grows), so this node keeps them.</summary>
    private readonly BoundedCache<DirectLineConversation> _conversations = new(50_000);

    /// <summary>The newest seq and timestamp this node appended or saw, per conversation: the next append's guess.</summary>
    private readonly BoundedCache<Tail> _tails = new(50_000);

    /// <summary>
    /// Appends of one conversation on this node take turns, so they guess from each other's tail, not race: the outbox's
    /// batches hold the stripes of their conversations too (many stripes, so a batch rarely holds up a shopper's post).
    /// </summary>
    private readonly StripedLock _appendLocks = new(4096);

    private GroupCommit<(string ConversationId, NewActivity Activity), AppendResult>? _sqliteAppends;

    /// <summary>
    /// SQLite has one writer: appends that arrive while a transaction of appends runs (shoppers' posts, the outbox's
    /// replies) all go in the next one. Each commit writes every page it touched to the WAL, and one page of a batch's
    /// rows is written once instead of once per row.
    /// </summary>
    private GroupCommit<(string ConversationId, NewActivity Activity), AppendResult> SqliteAppends =>
        LazyInitializer.EnsureInitialized(ref _sqliteAppends, () => new(AppendManySqliteAsync, maxBatch: 100, maxInFlight: 1));

    private sealed record Tail(long Seq, long At, string BotId);

    internal const string NotifyChannel = "directline";

    // Timestamps only ever increase within a conversation (Web Chat orders by them), even across nodes whose clocks differ.
    private const string BumpSqlite =
        "UPDATE dl_conversations SET last_seq = last_seq + 1, last_activity_at = max(last_activity_at + 1, @Now) WHERE id = @Id RETURNING last_seq AS Seq, last_activity_at AS At, bot_id AS BotId";
    private const string BumpPostgres =
        "UPDATE dl_conversations SET last_seq = last_seq + 1, last_activity_at = GREATEST(last_activity_at + 1, @Now) WHERE id = @Id RETURNING last_seq AS Seq, last_activity_at AS At, bot_id AS BotId";
    private const string InsertSqlite = """
        INSERT INTO dl_activities (conversation_id, seq, activity_id, client_activity_id, type, json, forward_status, created_at)
        VALUES (@ConversationId, @Seq, @ActivityId, @ClientActivityId, @Type, @Json, @ForwardStatus, @CreatedAt)
        ON CONFLICT DO NOTHING
        RETURNING 1
        """;

    // The insert and its NOTIFY in one round trip. The notice is delivered at commit to every node's listener, which
    // wakes the sockets it holds for this conversation unless they already sent up to this seq.
    private const string InsertAndNotifyPostgres = $"""
        WITH inserted AS (
            INSERT INTO dl_activities (conversation_id, seq, activity_id, client_activity_id, type, json, forward_status, created_at)
            VALUES (@ConversationId, @Seq, @ActivityId, @ClientActivityId, @Type, @Json, @ForwardStatus, @CreatedAt)
            ON CONFLICT DO NOTHING
            RETURNING seq
        ),
        notified AS (SELECT pg_notify('{NotifyChannel}', @Notice) FROM inserted)
        SELECT count(*) FROM notified
        """;

    // The fast path, for one conversation or many (the outbox's replies): each bump is a compare-and-set on the tail this
    // node knows, so the seq and timestamp (and with them the rendered JSON) are known before the statement. Nothing is
    // written for a conversation unless its bump matched; once it matched, the row lock it holds keeps every other append
    // of that conversation out, so its insert cannot conflict. The conversations whose guess missed are absent from the
    // result. The two lookups for an earlier copy are separate so each is one probe of its unique index: joined by OR,
    // PostgreSQL read every activity of the conversation (half its CPU in the benchmark, growing with the log).
    internal const string GuessedAppendPostgres = $"""
        WITH input AS (
            SELECT * FROM unnest(@ConversationIds::text[], @Seqs::bigint[], @ActivityIds::text[], @ClientActivityIds::text[], @Types::text[],
                                 @Jsons::text[], @ForwardStatuses::text[], @Ats::bigint[], @Notices::text[])
                AS i(conversation_id, seq, activity_id, client_activity_id, type, json, forward_status, at, notice)
        ),
        bumped AS (
            UPDATE dl_conversations c SET last_seq = i.seq, last_activity_at = i.at
            FROM input i
            WHERE c.id = i.conversation_id AND c.last_seq = i.seq - 1
              AND NOT EXISTS (SELECT 1 FROM dl_activities d WHERE d.conversation_id = i.conversation_id AND d.activity_id = i.activity_id)
              AND NOT EXISTS (SELECT 1 FROM dl_activities d WHERE d.conversation_id = i.conversation_id AND d.client_activity_id = i.client_activity_id)
            RETURNING c.id
        ),
        inserted AS (
            INSERT INTO dl_activities (conversation_id, seq, activity_id, client_activity_id, type, json, forward_status, created_at)
            SELECT i.conversation_id, i.seq, i.activity_id, i.client_activity_id, i.type, i.json, i.forward_status, i.at
            FROM input i JOIN bumped b ON b.id = i.conversation_id
            ON CONFLICT DO NOTHING
            RETURNING conversation_id
        ),
        notified AS (SELECT x.conversation_id, pg_notify('{NotifyChannel}', i.notice) FROM inserted x JOIN input i ON i.conversation_id = x.conversation_id)
        SELECT conversation_id FROM notified
        """;

    private const string ActivityColumns = "conversation_id AS ConversationId, seq AS Seq, activity_id AS ActivityId, type AS Type, json AS Json";

    public async Task<bool> TryCreateConversationAsync(DirectLineConversation conversation, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO dl_conversations (id, user_id, user_name, bot_id, page, created_at)
            VALUES (@Id, @UserId, @UserName, @BotId, @Page, @CreatedAt)
            ON CONFLICT (id) DO NOTHING
            """,
            new
            {
                conversation.Id,
                conversation.UserId,
                conversation.UserName,
                conversation.BotId,
                conversation.Page,
                CreatedAt = conversation.CreatedAt.ToUnixTimeMilliseconds(),
            },
            cancellationToken: cancellationToken));
        if (rows == 1)
            _conversations.Set(conversation.Id, conversation);
        return rows == 1;
    }

    public async Task<DirectLineConversation?> FindConversationAsync(string id, CancellationToken cancellationToken)
    {
        if (_conversations.TryGet(id, out var known))
            return known;
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ConversationRow>(new CommandDefinition(
            "SELECT id AS Id, user_id AS UserId, user_name AS UserName, bot_id AS BotId, page AS Page, created_at AS CreatedAt FROM dl_conversations WHERE id = @Id",
            new { Id = id },
            cancellationToken: cancellationToken));
        if (row is null)
            return null;
        var found = new DirectLineConversation(row.Id, row.UserId, row.UserName, row.BotId, row.Page, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt));
        _conversations.Set(id, found);
        return found;
    }

    public async Task<AppendResult> AppendAsync(string conversationId, NewActivity activity, CancellationToken cancellationToken)
    {
        if (!database.IsPostgres)
            return await SqliteAppends.SubmitAsync((conversationId, activity), cancellationToken);
        using var turn = await _appendLocks.AcquireAsync(conversationId, cancellationToken);
        if (_tails.TryGet(conversationId, out var tail)
            && (await AppendGuessedAsync([(conversationId, activity, tail)], cancellationToken))[0] is { } appended)
            return appended;
        return await AppendLockedAsync(conversationId, activity, cancellationToken);
    }

    /// <summary>
    /// Appends activities, each to its own conversation (no two for one conversation). On SQLite they join the next
    /// transaction of appends. On PostgreSQL the conversations whose tail this node knows go in one statement; the rest,
    /// and those whose guess missed, one by one.
    /// </summary>
    public async Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<(string ConversationId, NewActivity Activity)> appends, CancellationToken cancellationToken)
    {
        if (!database.IsPostgres)
            return await Task.WhenAll(appends.Select(a => SqliteAppends.SubmitAsync(a, cancellationToken)));
        var results = new AppendResult?[appends.Count];
        if (appends.Select(a => a.ConversationId).Distinct(StringComparer.Ordinal).Count() == appends.Count)
        {
            // Under the conversations' stripes: a shopper's post racing a reply on the same conversation would make one
            // of the two guesses miss and wait on the row lock in the fallback (measured: 6 ms per fallback under load).
            var known = new List<int>();
            AppendResult?[] guessed;
            using (await _appendLocks.AcquireAllAsync(appends.Select(a => a.ConversationId), cancellationToken))
            {
                var guesses = new List<(string, NewActivity, Tail)>();
                for (var i = 0; i < appends.Count; i++)
                {
                    if (_tails.TryGet(appends[i].ConversationId, out var tail))
                    {
                        known.Add(i);
                        guesses.Add((appends[i].ConversationId, appends[i].Activity, tail));
                    }
                }
                guessed = await AppendGuessedAsync(guesses, cancellationToken);
            }
            for (var k = 0; k < known.Count; k++)
                results[known[k]] = guessed[k];
        }
        // The rest one by one: the conversations this node knows no tail for, or whose guess missed.
        for (var i = 0; i < appends.Count; i++)
            results[i] ??= await AppendAsync(appends[i].ConversationId, appends[i].Activity, cancellationToken);
        return results!;
    }

    /// <summary>
    /// SQLite: all of <paramref name="appends"/> in one write transaction, in order (<see cref="SqliteAppends"/>), so the
    /// write lock is taken once per batch instead of once per activity (one by one, the outbox's replies were starved by
    /// the shoppers' posts under load). Under that lock nobody else appends, so an activity already there (an earlier one
    /// of the same batch too) is found first and its conversation is not bumped.
    /// </summary>
    private async Task<IReadOnlyList<AppendResult>> AppendManySqliteAsync(IReadOnlyList<(string ConversationId, NewActivity Activity)> appends, CancellationToken cancellationToken)
    {
        var results = new AppendResult[appends.Count];
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var transaction = await Database.BeginWriteAsync(connection, cancellationToken))
        {
            for (var i = 0; i < appends.Count; i++)
            {
                var (conversationId, activity) = appends[i];
                var existing = await connection.QuerySingleOrDefaultAsync<StoredActivity>(new CommandDefinition(
                    $"SELECT {ActivityColumns} FROM dl_activities WHERE conversation_id = @ConversationId AND (activity_id = @ActivityId OR client_activity_id = @ClientActivityId)",
                    new { ConversationId = conversationId, activity.ActivityId, activity.ClientActivityId }, transaction, cancellationToken: cancellationToken));
                if (existing is not null)
                {
                    results[i] = new AppendResult(AppendOutcome.AlreadyThere, existing);
                    continue;
                }
                var slot = await connection.QuerySingleOrDefaultAsync<SlotRow>(new CommandDefinition(
                    BumpSqlite, new { Id = conversationId, Now = time.GetUtcNow().ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
                if (slot is null)
                {
                    results[i] = new AppendResult(AppendOutcome.ConversationNotFound, null);
                    continue;
                }
                var activityId = activity.ActivityId ?? DirectLineIds.ForUserActivity(conversationId, slot.Seq);
                var json = activity.Render(new ActivitySlot(activityId, DateTimeOffset.FromUnixTimeMilliseconds(slot.At), slot.BotId));
                await connection.ExecuteAsync(new CommandDefinition(
                    InsertSqlite, InsertParameters(conversationId, activity, slot, activityId, json), transaction, cancellationToken: cancellationToken));
                results[i] = new AppendResult(AppendOutcome.Appended, new StoredActivity(conversationId, slot.Seq, activityId, activity.Type, json));
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return results; // no tails to remember: SQLite's appends never guess
    }

    /// <summary>
    /// One statement for all of <paramref name="appends"/>, each guessing its seq from the known tail (PostgreSQL). A null
    /// result means that conversation's guess missed and nothing was written for it.
    /// </summary>
    private async Task<AppendResult?[]> AppendGuessedAsync(IReadOnlyList<(string ConversationId, NewActivity Activity, Tail Tail)> appends, CancellationToken cancellationToken)
    {
        var results = new AppendResult?[appends.Count];
        if (appends.Count == 0)
            return results;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var slots = new List<(long Seq, long At, string ActivityId, string Json)>(appends.Count);
        foreach (var (conversationId, activity, tail) in appends)
        {
            var seq = tail.Seq + 1;
            var at = Math.Max(tail.At + 1, now);
            var activityId = activity.ActivityId ?? DirectLineIds.ForUserActivity(conversationId, seq);
            slots.Add((seq, at, activityId, activity.Render(new ActivitySlot(activityId, DateTimeOffset.FromUnixTimeMilliseconds(at), tail.BotId))));
            _tails.Remove(conversationId); // until the outcome is known
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var appended = (await connection.QueryAsync<string>(new CommandDefinition(
            GuessedAppendPostgres,
            new
            {
                ConversationIds = appends.Select(a => a.ConversationId).ToArray(),
                Seqs = slots.Select(s => s.Seq).ToArray(),
                ActivityIds = slots.Select(s => s.ActivityId).ToArray(),
                ClientActivityIds = appends.Select(a => a.Activity.ClientActivityId).ToArray(),
                Types = appends.Select(a => a.Activity.Type).ToArray(),
                Jsons = slots.Select(s => s.Json).ToArray(),
                ForwardStatuses = appends.Select(a => a.Activity.ForwardToCore ? "pending" : null).ToArray(),
                Ats = slots.Select(s => s.At).ToArray(),
                Notices = appends.Select((a, i) => NotifyPayload(a.ConversationId, slots[i].Seq)).ToArray(),
            },
            cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);

        for (var i = 0; i < appends.Count; i++)
        {
            var (conversationId, activity, tail) = appends[i];
            if (!appended.Contains(conversationId))
                continue;
            var slot = slots[i];
            _tails.Set(conversationId, new Tail(slot.Seq, slot.At, tail.BotId));
            results[i] = new AppendResult(AppendOutcome.Appended, new StoredActivity(conversationId, slot.Seq, slot.ActivityId, activity.Type, slot.Json));
        }
        return results;
    }

    /// <summary>PostgreSQL, when the tail is unknown or the guess missed: the conversation's row locked by the bump.</summary>
    private async Task<AppendResult> AppendLockedAsync(string conversationId, NewActivity activity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);

        var slot = await connection.QuerySingleOrDefaultAsync<SlotRow>(new CommandDefinition(
            BumpPostgres,
            new { Id = conversationId, Now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            transaction,
            cancellationToken: cancellationToken));
        if (slot is null)
            return new AppendResult(AppendOutcome.ConversationNotFound, null);

        var activityId = activity.ActivityId ?? DirectLineIds.ForUserActivity(conversationId, slot.Seq);
        var json = activity.Render(new ActivitySlot(activityId, DateTimeOffset.FromUnixTimeMilliseconds(slot.At), slot.BotId));
        var inserted = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            InsertAndNotifyPostgres,
            InsertParameters(conversationId, activity, slot, activityId, json),
            transaction,
            cancellationToken: cancellationToken));

        if (inserted == 0)
        {
            // Undo the bump so the watermark stays dense, then hand back the activity that won. Only the caller's own
            // keys identify it: once the lock is released, the seq-derived id may already belong to someone else.
            await transaction.RollbackAsync(cancellationToken);
            var existing = await connection.QuerySingleOrDefaultAsync<StoredActivity>(new CommandDefinition(
                $"SELECT {ActivityColumns} FROM dl_activities WHERE conversation_id = @ConversationId AND (activity_id = @ActivityId OR client_activity_id = @ClientActivityId)",
                new { ConversationId = conversationId, activity.ActivityId, activity.ClientActivityId },
                cancellationToken: cancellationToken))
                ?? throw new InvalidOperationException($"Activity '{activityId}' conflicted but no conflicting activity exists.");
            return new AppendResult(AppendOutcome.AlreadyThere, existing);
        }

        await transaction.CommitAsync(cancellationToken);
        _tails.Set(conversationId, new Tail(slot.Seq, slot.At, slot.BotId));
        return new AppendResult(AppendOutcome.Appended, new StoredActivity(conversationId, slot.Seq, activityId, activity.Type, json));
    }

    /// <summary>The parameters of <see cref="InsertSqlite"/> and <see cref="InsertAndNotifyPostgres"/> for one activity in its slot.</summary>
    private object InsertParameters(string conversationId, NewActivity activity, SlotRow slot, string activityId, string json) => new
    {
        ConversationId = conversationId,
        slot.Seq,
        ActivityId = activityId,
        activity.ClientActivityId,
        activity.Type,
        Json = json,
        ForwardStatus = activity.ForwardToCore ? "pending" : null,
        CreatedAt = slot.At,
        Notice = NotifyPayload(conversationId, slot.Seq),
    };

    public async Task<IReadOnlyList<StoredActivity>> ReadAfterAsync(string conversationId, long watermark, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredActivity>(new CommandDefinition(
            $"SELECT {ActivityColumns} FROM dl_activities WHERE conversation_id = @Id AND seq > @After ORDER BY seq LIMIT @Limit",
            new { Id = conversationId, After = watermark, Limit = limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task MarkForwardedAsync(IReadOnlyList<StoredActivity> activities, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.IsPostgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE dl_activities a SET forward_status = 'done'
                FROM unnest(@Ids, @Seqs) AS done(conversation_id, seq)
                WHERE a.conversation_id = done.conversation_id AND a.seq = done.seq AND a.forward_status IS NOT NULL
                """,
                new { Ids = activities.Select(a => a.ConversationId).ToArray(), Seqs = activities.Select(a => a.Seq).ToArray() },
                cancellationToken: cancellationToken));
            return;
        }
        // SQLite runs in-process: a statement per row costs no round trip, and one transaction makes it one write.
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dl_activities SET forward_status = 'done' WHERE conversation_id = @ConversationId AND seq = @Seq AND forward_status IS NOT NULL",
            activities.Select(a => new { a.ConversationId, a.Seq }),
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Counts a failed hand-over to the core; after <paramref name="maxAttempts"/> the activity is given up as failed.</summary>
    public async Task<bool> RecordForwardFailureAsync(StoredActivity activity, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var status = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            UPDATE dl_activities
            SET forward_attempts = forward_attempts + 1,
                forward_status = CASE WHEN forward_attempts + 1 >= @MaxAttempts THEN 'failed' ELSE forward_status END
            WHERE conversation_id = @ConversationId AND seq = @Seq AND forward_status = 'pending'
            RETURNING forward_status
            """,
            new { activity.ConversationId, activity.Seq, MaxAttempts = maxAttempts },
            cancellationToken: cancellationToken));
        return status == "failed";
    }

    /// <summary>User messages the core has not confirmed, appended before <paramref name="before"/>, oldest first.</summary>
    public async Task<IReadOnlyList<StoredActivity>> ListUnforwardedAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredActivity>(new CommandDefinition(
            $"SELECT {ActivityColumns} FROM dl_activities WHERE forward_status = 'pending' AND created_at < @Before ORDER BY created_at LIMIT @Limit",
            new { Before = before.ToUnixTimeMilliseconds(), Limit = limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Names this node in its NOTIFY payloads. A node hands its own appends to its sockets directly (ConversationHub),
    /// so its listener skips its own notices: they can arrive before that hand-over and would only cause a read.
    /// </summary>
    internal string NodeId { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));

    /// <summary>"node:conversation id:seq", what <see cref="PostgresNotificationListener"/> reads back.</summary>
    internal string NotifyPayload(string conversationId, long seq) => $"{NodeId}:{conversationId}:{seq}";

    /// <summary>Reads a NOTIFY payload; null when it is not one of <see cref="NotifyPayload"/>'s.</summary>
    internal static (string Node, string ConversationId, long Seq)? ParseNotifyPayload(string payload)
    {
        var first = payload.IndexOf(':');
        var last = payload.LastIndexOf(':');
        if (first <= 0 || last <= first + 1
            || !long.TryParse(payload.AsSpan(last + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq))
            return null;
        return (payload[..first], payload[(first + 1)..last], seq);
    }

    public void Dispose() => _appendLocks.Dispose();

    private sealed record ConversationRow(string Id, string UserId, string? UserName, string BotId, string? Page, long CreatedAt);

    private sealed record SlotRow(long Seq, long At, string BotId);
}
