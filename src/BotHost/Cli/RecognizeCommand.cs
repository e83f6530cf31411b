using System.CommandLine;
using BotHost.Recognizers;

namespace BotHost.Cli;

/// <summary>
/// <c>recognize --model boolean|number|currency|email|phone</c>: one JSON array of results per input
/// line, in the Recognizers-Text shape, so the recognizers can be tried and scripted without the host.
/// </summary>
internal static class RecognizeCommand
{
    public static Command Create(TextReader input)
    {
        var model = new Option<string>("--model", "-m")
        {
            Description = "The recognizer to run on each line of standard input.",
            Required = true,
        };
        model.AcceptOnlyFromAmong([.. RecognizerModels.Names]);

        var command = new Command("recognize", "Reads utterances from standard input, one per line, and writes one JSON array of recognized entities per line.")
        {
            model,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            RecognizerModels.TryGet(parse.GetValue(model)!, out var recognize);
            await RunAsync(recognize, input, parse.InvocationConfiguration.Output, cancellationToken);
            return 0;
        });
        return command;
    }

    public static async Task RunAsync(Func<string, string> recognizeToJson, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            await output.WriteLineAsync(recognizeToJson(line).AsMemory(), cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
    }
}
