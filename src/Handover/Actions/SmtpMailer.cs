using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Handover.Actions;

/// <summary>The server answered a command with an error: 4xx is worth retrying, 5xx is not.</summary>
public sealed class SmtpReplyException(int code, string reply) : Exception($"SMTP {code}: {reply}")
{
    public int Code { get; } = code;

    public bool Transient => Code is >= 400 and < 500;
}

/// <summary>
/// One e-mail as it goes on the wire. <see cref="MessageId"/> and <see cref="Date"/> are fixed by the caller, so every
/// attempt to send it is the same message (see <see cref="MailDelivery"/>).
/// </summary>
public sealed record OutgoingMail(string From, IReadOnlyList<string> To, string Subject, string Body, string MessageId, DateTimeOffset Date);

/// <summary>
/// A minimal SMTP client (RFC 5321) for handover e-mails: EHLO, MAIL FROM, RCPT TO, DATA, QUIT over a plain TCP
/// connection, for a relay on the local network. No TLS and no authentication: put a local relay in front of a
/// provider that needs them. It has no idempotency of its own: an error after DATA leaves it unknown whether the
/// server took the message, which is why <see cref="MailDelivery"/> gives every attempt the same Message-ID.
/// </summary>
public static class SmtpMailer
{
    public static async Task SendAsync(string host, int port, OutgoingMail mail, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var ct = cts.Token;
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, ct);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };

        await ExpectAsync(reader, 220, ct);
        await CommandAsync(writer, reader, $"EHLO {Environment.MachineName.ToLowerInvariant()}", 250, ct);
        await CommandAsync(writer, reader, $"MAIL FROM:<{mail.From}>", 250, ct);
        foreach (var recipient in mail.To)
            await CommandAsync(writer, reader, $"RCPT TO:<{recipient}>", 250, ct);
        await CommandAsync(writer, reader, "DATA", 354, ct);
        var message = new StringBuilder()
            .Append("From: ").Append(mail.From).Append("\r\n")
            .Append("To: ").Append(string.Join(", ", mail.To)).Append("\r\n")
            .Append("Subject: ").Append(EncodeHeader(mail.Subject)).Append("\r\n")
            .Append("Date: ").Append(mail.Date.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Message-ID: ").Append(mail.MessageId).Append("\r\n")
            .Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        foreach (var line in mail.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            message.Append(line.StartsWith('.') ? "." + line : line).Append("\r\n"); // dot-stuffing
        await writer.WriteAsync(message.Append(".\r\n").ToString().AsMemory(), ct);
        await ExpectAsync(reader, 250, ct);
        await writer.WriteLineAsync("QUIT".AsMemory(), ct);
    }

    /// <summary>Whether a failure of <see cref="SendAsync"/> is worth another attempt (the same message, later).</summary>
    public static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        SmtpReplyException reply => reply.Transient,
        IOException or SocketException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // the call's own timeout
        _ => false,
    };

    private static async Task CommandAsync(StreamWriter writer, StreamReader reader, string command, int expected, CancellationToken ct)
    {
        await writer.WriteLineAsync(command.AsMemory(), ct);
        await ExpectAsync(reader, expected, ct);
    }

    /// <summary>Reads one (possibly multi-line "250-...") reply and checks its code.</summary>
    private static async Task ExpectAsync(StreamReader reader, int expected, CancellationToken ct)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync(ct) ?? throw new IOException("The SMTP server closed the connection.");
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                throw new IOException($"Not an SMTP reply: '{line}'.");
            if (line.Length > 3 && line[3] == '-')
                continue;
            if (code != expected)
                throw new SmtpReplyException(code, line);
            return;
        }
    }

    private static string EncodeHeader(string value) =>
        value.All(c => c < 128) ? value : "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";
}
