using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Testing;

/// <summary>
/// A tiny SMTP server on 127.0.0.1 that records the envelopes and messages it accepts, or refuses with a given reply,
/// or takes a message and drops the connection before answering DATA (the failure SMTP clients cannot see through).
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _lostDataReplies;

    public FakeSmtpServer()
    {
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<(string From, IReadOnlyList<string> To, string Data)> Received { get; } = new();

    /// <summary>When set, RCPT TO is answered with this reply (e.g. "451 try later" or "550 no such user").</summary>
    public string? RefuseRecipientsWith { get; set; }

    /// <summary>
    /// The next this many messages are taken (recorded in <see cref="Received"/>) but the connection is closed before
    /// the reply to DATA: the sender cannot know the message arrived.
    /// </summary>
    public void LoseDataReplies(int count) => Volatile.Write(ref _lostDataReplies, count);

    /// <summary>A header of a received message, e.g. "Message-ID".</summary>
    public static string? Header(string data, string name) =>
        data.Split('\n').TakeWhile(l => l.Length > 0).FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();

    private bool TakeLostDataReply()
    {
        while (true)
        {
            var left = Volatile.Read(ref _lostDataReplies);
            if (left <= 0)
                return false;
            if (Interlocked.CompareExchange(ref _lostDataReplies, left - 1, left) == left)
                return true;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 fake ESMTP");
        string from = "";
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', ':')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-fake");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "MAIL":
                    from = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                    await writer.WriteLineAsync("250 ok");
                    break;
                case "RCPT":
                    if (RefuseRecipientsWith is { } refusal)
                    {
                        await writer.WriteLineAsync(refusal);
                        break;
                    }
                    to.Add(line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)]);
                    await writer.WriteLineAsync("250 ok");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } d && d != ".")
                        data.Append(d).Append('\n');
                    Received.Enqueue((from, to.ToList(), data.ToString()));
                    if (TakeLostDataReply())
                        return; // the message is in; the connection drops before the sender hears so
                    await writer.WriteLineAsync("250 queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 not implemented");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
