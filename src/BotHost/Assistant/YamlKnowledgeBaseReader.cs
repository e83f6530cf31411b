using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BotHost.Assistant;

/// <summary>
/// Reads the YAML knowledge base format: a list of entries, each a mapping with <c>id</c>, <c>questions</c> (a list,
/// or one string), <c>answer</c> and optional <c>keywords</c> (a list, or one comma-separated string).
/// </summary>
/// <remarks>
/// Walks the YAML node tree rather than deserializing into a class: the nodes carry line numbers for every
/// problem, and a misspelt key ("anwser") is reported instead of silently ignored.
/// </remarks>
internal static class YamlKnowledgeBaseReader
{
    private const string ExpectedKeys = "id, questions, answer, keywords";

    public static List<EntryDraft> Read(string text, KnowledgeBaseProblems problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            problems.Add(e.Start.Line, $"not valid YAML: {Describe(e)}");
            return [];
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way, without a position, when the file ends inside an open '[' or '{'.
            problems.Add(text.Split('\n').Length, "not valid YAML: the file ends before a '[', '{' or quote is closed.");
            return [];
        }

        if (stream.Documents.Count == 0)
        {
            problems.Add(1, "the file is empty; expected a list of entries ('- id: ...').");
            return [];
        }
        if (stream.Documents[0].RootNode is not YamlSequenceNode list)
        {
            var root = stream.Documents[0].RootNode;
            problems.Add(root.Start.Line, $"expected a list of entries ('- id: ...') at the top, found {Kind(root)}.");
            return [];
        }

        var entries = new List<EntryDraft>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var node = list.Children[i];
            var entry = new EntryDraft(i + 1, node.Start.Line);
            if (node is YamlMappingNode mapping)
                ReadEntry(mapping, entry, problems);
            else
                problems.Add(entry, $"expected a mapping with {ExpectedKeys}, found {Kind(node)}.");
            entries.Add(entry);
        }
        return entries;
    }

    private static void ReadEntry(YamlMappingNode mapping, EntryDraft entry, KnowledgeBaseProblems problems)
    {
        // The id first, so every later problem of this entry can name it.
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: "id" })
                entry.Id = Scalar(value, "id", entry, problems);
        }
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            switch (key)
            {
                case "id":
                    break;
                case "questions":
                    ReadList(value, "questions", entry.Questions, splitCommas: false, entry, problems);
                    break;
                case "keywords":
                    ReadList(value, "keywords", entry.Keywords, splitCommas: true, entry, problems);
                    break;
                case "answer":
                    entry.Answer = Scalar(value, "answer", entry, problems);
                    break;
                default:
                    problems.Add(entry, $"unknown key '{key}'; expected {ExpectedKeys}.", keyNode.Start.Line);
                    break;
            }
        }
    }

    private static string? Scalar(YamlNode node, string key, EntryDraft entry, KnowledgeBaseProblems problems)
    {
        if (node is YamlScalarNode scalar)
            return scalar.Value;
        problems.Add(entry, $"'{key}' must be text, found {Kind(node)}.");
        return null;
    }

    private static void ReadList(YamlNode node, string key, List<string> into, bool splitCommas, EntryDraft entry, KnowledgeBaseProblems problems)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } single }:
                if (splitCommas)
                    into.AddRange(single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                else
                    into.Add(single);
                break;
            case YamlSequenceNode items:
                foreach (var item in items.Children)
                {
                    if (item is YamlScalarNode { Value: { } text })
                        into.Add(text);
                    else
                        problems.Add(entry, $"every item of '{key}' must be text, found {Kind(item)}.", item.Start.Line);
                }
                break;
            case YamlScalarNode:
                // "questions:" with nothing after it: left empty, reported by the checks every format shares.
                break;
            default:
                problems.Add(entry, $"'{key}' must be a list of text, found {Kind(node)}.");
                break;
        }
    }

    private static string Kind(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        YamlScalarNode { Value: null or "" } => "nothing",
        YamlScalarNode => "text",
        _ => "an alias",
    };

    // YamlDotNet prefixes its messages with the position we already report; keep only the reason.
    private static string Describe(YamlException e)
    {
        var reason = e.InnerException?.Message ?? e.Message;
        var separator = reason.IndexOf("): ", StringComparison.Ordinal);
        return separator >= 0 ? reason[(separator + 3)..] : reason;
    }
}
