using System.CommandLine;

namespace BotHost.Cli;

/// <summary>
/// Command-line verbs that run instead of the web host (no database, no server). Program.cs calls
/// <see cref="TryRunAsync(string[])"/> first; a verb is added with one line in <see cref="Verbs"/>.
/// </summary>
internal static class CliVerbs
{
    private static readonly (string Name, Func<TextReader, Command> Create)[] Verbs =
    [
        ("recognize", RecognizeCommand.Create),
        ("detect", DetectCommand.Create),
        ("teams-package", _ => TeamsPackageCommand.Create()),
    ];

    /// <returns>The verb's exit code, or null when <paramref name="args"/> name no verb and the host should start.</returns>
    public static Task<int?> TryRunAsync(string[] args) => TryRunAsync(args, Console.In, Console.Out, Console.Error);

    public static async Task<int?> TryRunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        // Host arguments are options ("--urls ...") or settings ("Demo:Enabled=true"); a bare word is a verb.
        if (args.Length == 0 || !LooksLikeVerb(args[0]))
        {
            return null;
        }

        var root = new RootCommand("AI-to-human handover bot. Without a verb it starts the web host.");
        // Only the verb named, when it is one: building the others (their options, validators and statics) would be paid by
        // every start. An unknown word gets them all, so the error and the help list every verb.
        var named = Verbs.Where(v => v.Name == args[0]).ToList();
        foreach (var (_, create) in named.Count > 0 ? named : [.. Verbs])
        {
            root.Subcommands.Add(create(input));
        }

        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await parse.InvokeAsync(configuration);
    }

    private static bool LooksLikeVerb(string arg) =>
        arg.Length > 0 && char.IsAsciiLetter(arg[0]) && arg.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
