using System.Security.Cryptography;
using System.Text;
using Dapper;
using Handover.Persistence;
using Handover.Settings;
using Microsoft.Extensions.Options;

namespace Handover.Actions;

/// <summary>One handover e-mail: <see cref="RunKey"/> names the action run it belongs to within its conversation.</summary>
public sealed record HandoverMail(string ConversationId, string RunKey, IReadOnlyList<string> To, string Subject, string Body);

/// <summary>
/// Sends the handover e-mails (A6 and the Semi-automate escalation) so that retries and crashes never make a second,
/// different e-mail. SMTP has no idempotency: when the connection fails after DATA, nobody knows whether the server
/// took the message. So, as mail systems do, each e-mail gets one stable Message-ID per (conversation, action run,
/// recipient set), stored in <c>email_sends</c> as "sending" before the SMTP transaction starts and marked "sent"
/// once the server has accepted it.
/// <para>
/// The guarantee, precisely: an e-mail is delivered at least once (while its action or event is retried), and every
/// attempt is the same message (same Message-ID, Date and content), so a copy that does arrive twice can be dropped by
/// receivers and filters that dedupe on Message-ID; once the send is recorded as sent it is never sent again. A
/// second copy can only come from a failure between the server's acceptance and that record (a lost reply to DATA, a
/// crash), or from two attempts of the same run at once.
/// </para>
/// </summary>
public sealed class MailDelivery(Database database, IOptionsMonitor<IntegrationsOptions> integrations, TimeProvider time)
{
    private const string Sending = "sending";
    private const string Sent = "sent";

    /// <summary>
    /// Sends <paramref name="mail"/> unless it was sent before; false when it was. Throws what <see cref="SmtpMailer"/>
    /// throws (classify with <see cref="SmtpMailer.IsTransient"/>); the next call sends the same message again.
    /// </summary>
    public async Task<bool> SendOnceAsync(HandoverMail mail, CancellationToken cancellationToken)
    {
        var o = integrations.CurrentValue;
        var record = await BeginAsync(mail, o.Smtp.From, cancellationToken);
        if (record.Status == Sent)
            return false;
        var outgoing = new OutgoingMail(o.Smtp.From, mail.To, mail.Subject, mail.Body, record.MessageId, DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAt));
        await SmtpMailer.SendAsync(o.Smtp.Host ?? "", o.Smtp.Port, outgoing, o.CallTimeout, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE email_sends SET status = @Sent, sent_at = @now WHERE send_key = @Key",
            new { Sent, now = time.NowMs(), record.Key });
        return true;
    }

    /// <summary>The send's record, created with a fresh Message-ID the first time; counts the attempt about to start.</summary>
    private async Task<Record> BeginAsync(HandoverMail mail, string from, CancellationToken cancellationToken)
    {
        var key = $"{mail.ConversationId}:{mail.RunKey}:{RecipientSetHash(mail.To)}";
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await Database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO email_sends (send_key, message_id, conversation_id, recipients, status, attempts, created_at)
            VALUES (@key, @messageId, @ConversationId, @recipients, @Sending, 0, @now)
            ON CONFLICT DO NOTHING
            """, new { key, messageId = NewMessageId(from), mail.ConversationId, recipients = string.Join(", ", mail.To), Sending, now = time.NowMs() }, tx);
        await connection.ExecuteAsync("UPDATE email_sends SET attempts = attempts + 1 WHERE send_key = @key AND status = @Sending", new { key, Sending }, tx);
        var record = await connection.QuerySingleAsync<Record>(
            "SELECT send_key AS Key, message_id AS MessageId, status AS Status, created_at AS CreatedAt FROM email_sends WHERE send_key = @key", new { key }, tx);
        await tx.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>The same people in any order or case are the same recipient set, so the same e-mail.</summary>
    internal static string RecipientSetHash(IEnumerable<string> to)
    {
        var set = to.Select(a => a.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', set))))[..32].ToLowerInvariant();
    }

    /// <summary>RFC 5322 msg-id: unique on the left, the sender's domain on the right.</summary>
    private static string NewMessageId(string from)
    {
        var at = from.LastIndexOf('@');
        var domain = at >= 0 && at < from.Length - 1 ? from[(at + 1)..].Trim('>', ' ') : "handover.invalid";
        return $"<{Guid.NewGuid():N}.handover@{domain}>";
    }

    private sealed record Record(string Key, string MessageId, string Status, long CreatedAt);
}
