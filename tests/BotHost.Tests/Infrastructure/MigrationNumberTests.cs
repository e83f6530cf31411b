using System.Reflection;
using System.Text.RegularExpressions;

namespace BotHost.Tests.Infrastructure;

/// <summary>Each module numbers its migrations on its own; two scripts with one number in a module stop the start.</summary>
public sealed partial class MigrationNumberTests
{
    [Fact]
    public void EveryModule_NumbersItsMigrationsOncePerDialect()
    {
        Assembly[] assemblies = [typeof(Handover.Persistence.Migrator).Assembly, typeof(Channels.DirectLine.DirectLineOptions).Assembly];
        var scripts = assemblies
            .SelectMany(a => a.GetManifestResourceNames())
            .Select(name => ScriptName().Match(name))
            .Where(m => m.Success)
            .Select(m => (Folder: m.Groups["folder"].Value, Version: m.Groups["version"].Value, Dialect: m.Groups["dialect"].Value, Name: m.Value))
            .ToList();

        Assert.NotEmpty(scripts);
        var clashes = scripts.GroupBy(s => (s.Folder, s.Version, s.Dialect)).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g.Select(s => s.Name)));
        Assert.Empty(clashes);
    }

    [GeneratedRegex(@"^(?<folder>.+\.Migrations)\.(?<version>\d+)_[^.]+\.(?<dialect>sqlite|postgres)\.sql$")]
    private static partial Regex ScriptName();
}
