using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using BotHost.Dialogs;
using Handover.Bots;
using Handover.Triggers;

namespace BotHost.Cli;

/// <summary>
/// <c>detect</c>: what the dialogs read in each utterance (one per line on standard input), as one JSON object per
/// line: contact request (T1), a yes/no answer (T4), sentiment and frustration, amounts of money, topics (T5).
/// No database, no host.
/// </summary>
internal static class DetectCommand
{
    public static Command Create(TextReader input)
    {
        var command = new Command("detect", "Reads utterances from standard input, one per line, and writes what the bot detects in each as one JSON object per line.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await RunAsync(input, parse.InvocationConfiguration.Output, cancellationToken);
            return 0;
        });
        return command;
    }

    public static async Task RunAsync(TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var detector = new Detector();
        while (await input.ReadLineAsync(cancellationToken) is { } line)
            await output.WriteLineAsync(detector.Detect(line).AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>One utterance in, one JSON line out; reusable across lines (and benchmarks).</summary>
    internal sealed class Detector
    {
        private readonly ContactRequestDetector _contactRequests = new();
        private readonly Readings _readings = new();
        private readonly BotSettings _defaults = new();
        private readonly ArrayBufferWriter<byte> _buffer = new(512);

        public string Detect(string text)
        {
            _buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(_buffer))
            {
                var sentiment = Sentiment.Score(text);
                var confirmation = _readings.Confirmation(text);
                json.WriteStartObject();
                json.WriteString("text", text);
                json.WriteBoolean("contactRequest", _contactRequests.Detect(new TriggerContext("demo", text, [])) is not null);
                if (confirmation is { } yes)
                    json.WriteString("confirmation", yes ? "yes" : "no");
                else
                    json.WriteNull("confirmation");
                json.WriteNumber("sentiment", Math.Round(sentiment, 3));
                json.WriteBoolean("frustrated", sentiment <= _defaults.FrustrationThreshold);
                json.WriteStartArray("amounts");
                foreach (var amount in _readings.Amounts(text, _defaults.DefaultCurrency))
                {
                    json.WriteStartObject();
                    json.WriteNumber("value", amount.Value);
                    json.WriteString("currency", amount.Currency);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteStartArray("topics");
                foreach (var topic in Topics.In(text))
                    json.WriteStringValue(topic);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(_buffer.WrittenSpan);
        }
    }
}
