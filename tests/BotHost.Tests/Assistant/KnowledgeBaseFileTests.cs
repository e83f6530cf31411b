using BotHost.Assistant;

namespace BotHost.Tests.Assistant;

public sealed class KnowledgeBaseFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Read_ValidYaml_ReadsEveryEntry()
    {
        var path = _folder.Write("kb.yaml", """
            - id: shipping
              questions:
                - How long does shipping take?
                - When will it arrive?
              keywords: [delivery, transit]
              answer: |
                **3-5 days.**
                Tracked.
            - id: hours
              questions: When are you open?
              keywords: weekend, saturday
              answer: Weekdays 9-5.
            """);

        var entries = KnowledgeBaseFile.Read(path);

        Assert.Equal(2, entries.Count);
        Assert.Equal("shipping", entries[0].Id);
        Assert.Equal(["How long does shipping take?", "When will it arrive?"], entries[0].Questions);
        Assert.Equal(["delivery", "transit"], entries[0].Keywords);
        Assert.Equal("**3-5 days.**\nTracked.", entries[0].Answer);
        Assert.Equal(["When are you open?"], entries[1].Questions);
        Assert.Equal(["weekend", "saturday"], entries[1].Keywords);
    }

    [Fact]
    public void Read_YamlEntryWithoutAnswer_NamesFileLineEntryAndProblem()
    {
        var path = _folder.Write("kb.yaml", """
            - id: one
              questions: [Q1?]
              answer: A1.
            - id: two
              questions: [Q2?]
            """);

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseFile.Read(path));

        Assert.Equal($"Knowledge base '{path}' is invalid: line 4: entry 2 ('two'): 'answer' is missing or empty.", error.Message);
    }

    [Theory]
    [InlineData("- questions: [Q?]\n  answer: A.", "line 1: entry 1: 'id' is missing.")]
    [InlineData("- id: a\n  answer: A.", "line 1: entry 1 ('a'): 'questions' is missing or empty")]
    [InlineData("- id: a\n  questions: []\n  answer: A.", "line 1: entry 1 ('a'): 'questions' is missing or empty")]
    [InlineData("- id: a\n  questions: [Q?]\n  anwser: A.", "line 3: entry 1 ('a'): unknown key 'anwser'; expected id, questions, answer, keywords.")]
    [InlineData("- id: a\n  questions: {q: Q?}\n  answer: A.", "entry 1 ('a'): 'questions' must be a list of text, found a mapping.")]
    [InlineData("- id: a\n  questions: [[Q?]]\n  answer: A.", "line 2: entry 1 ('a'): every item of 'questions' must be text, found a list.")]
    [InlineData("- id: a\n  questions: [Q?]\n  answer: [A.]", "entry 1 ('a'): 'answer' must be text, found a list.")]
    [InlineData("- id: my entry\n  questions: [Q?]\n  answer: A.", "'id' must not contain spaces (was 'my entry').")]
    [InlineData("- just text", "line 1: entry 1: expected a mapping with id, questions, answer, keywords, found text.")]
    [InlineData("id: a\nquestions: [Q?]", "line 1: expected a list of entries ('- id: ...') at the top, found a mapping.")]
    [InlineData("[]", "line 1: the knowledge base has no entries")]
    [InlineData("", "line 1: the file is empty")]
    [InlineData("- id: a\n  questions: [Q?\n  answer: A.", "line 3: not valid YAML: the file ends before a '[', '{' or quote is closed.")]
    [InlineData("- id: a\n  questions: [Q?]\n answer: A.\n- id: b", "line 3: not valid YAML")]
    [InlineData("- id: a\n  answer: \"unclosed\n- id: b\n", "not valid YAML")]
    public void Read_MalformedYaml_SaysWhatIsWrongAndWhere(string yaml, string expected)
    {
        var path = _folder.Write("kb.yaml", yaml);

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateIds_NamesBothEntries()
    {
        var path = _folder.Write("kb.yaml", "- {id: a, questions: [Q?], answer: A.}\n- {id: A, questions: [R?], answer: B.}");

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseFile.Read(path));

        Assert.Contains("line 2: entry 2 ('A'): 'id' is the same as entry 1's; ids must be unique.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeveralProblems_ListsThemAllInOneMessage()
    {
        var path = _folder.Write("kb.yaml", "- {id: a, questions: [Q?]}\n- {questions: [R?], answer: B.}\n- {id: c, answer: C.}");

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseFile.Read(path));

        Assert.Contains("(3 problems)", error.Message, StringComparison.Ordinal);
        Assert.Contains("entry 1 ('a'): 'answer' is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("entry 2: 'id' is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("entry 3 ('c'): 'questions' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AnswerLongerThanAMessage_IsRefused()
    {
        var path = _folder.Write("kb.yaml", $"- id: a\n  questions: [Q?]\n  answer: {new string('x', 4001)}");

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseFile.Read(path));

        Assert.Contains("entry 1 ('a'): 'answer' is 4001 characters; a message holds at most 4000.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownExtension_IsRefused()
    {
        var path = _folder.Write("kb.txt", "- id: a");

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseFile.Read(path));

        Assert.Contains("unknown format; use .yaml, .yml or .md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValidMarkdown_ReadsHeadingsPhrasingsKeywordsAndAnswers()
    {
        var path = _folder.Write("faq.md", """
            # Northwind FAQ

            Anything before the first question is ignored.

            ## How long does shipping take?
            - When will my order arrive?
            * How many days is delivery?
            Keywords: transit, business days

            Standard shipping takes **3-5 business days**.

            Express takes 1-2.

            ## Do you have gift cards? {#gift-cards}

            - Digital, $25 to $500.
            - They never expire.
            """);

        var entries = KnowledgeBaseFile.Read(path);

        Assert.Equal(2, entries.Count);
        Assert.Equal("how-long-does-shipping-take", entries[0].Id);
        Assert.Equal(["How long does shipping take?", "When will my order arrive?", "How many days is delivery?"], entries[0].Questions);
        Assert.Equal(["transit", "business days"], entries[0].Keywords);
        Assert.Equal("Standard shipping takes **3-5 business days**.\n\nExpress takes 1-2.", entries[0].Answer);
        Assert.Equal("gift-cards", entries[1].Id);
        Assert.Equal(["Do you have gift cards?"], entries[1].Questions);
        Assert.Equal("- Digital, $25 to $500.\n- They never expire.", entries[1].Answer);
    }

    [Theory]
    [InlineData("## Shipping?\n\nA.\n## Returns?\n", "line 4: entry 2 ('returns'): 'answer' is missing or empty.")]
    [InlineData("## {#x}\nA.", "line 1: entry 1 ('x'): the '## ' heading has no question.")]
    [InlineData("## Shipping?\nA.\n## Shipping!\nB.", "line 3: entry 2 ('shipping'): 'id' is the same as entry 1's")]
    [InlineData("# Only a title\n\nNo questions here.", "line 1: the knowledge base has no entries")]
    public void Read_MalformedMarkdown_SaysWhatIsWrongAndWhere(string markdown, string expected)
    {
        var path = _folder.Write("faq.md", markdown);

        var error = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
