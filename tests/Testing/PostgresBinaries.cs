using System.ComponentModel;

namespace Testing;

/// <summary>Finds the PostgreSQL server programs and the OS user that may run them.</summary>
internal static class PostgresBinaries
{
    public const string InstallHint =
        "install postgresql: apt-get install -y postgresql (or set BOT_TEST_POSTGRES to the connection string of an existing server)";

    private const string FallbackUser = "bot-test-pg";

    /// <summary>
    /// The first directory holding both initdb and postgres among: `pg_config --bindir`,
    /// /usr/lib/postgresql/&lt;highest version&gt;/bin (Debian keeps them off PATH), then PATH.
    /// </summary>
    public static async Task<string> FindBinDirectoryAsync()
    {
        var candidates = new List<string>();
        if (FindOnPath("pg_config") is { } pgConfig)
        {
            try
            {
                var bindir = await ProcessRunner.TryRunAsync(pgConfig, ["--bindir"]);
                if (bindir.ExitCode == 0)
                    candidates.Add(bindir.Output.Trim());
            }
            catch (Win32Exception)
            {
                // Not executable after all; the other places may still have the server.
            }
        }
        candidates.AddRange(DebianBinDirectories());
        if (FindOnPath("postgres") is { } postgres)
            candidates.Add(Path.GetDirectoryName(postgres)!);

        return candidates.FirstOrDefault(HasServer) ?? throw new InvalidOperationException(
            "PostgreSQL server programs (initdb, postgres) were not found in `pg_config --bindir`, " +
            $"/usr/lib/postgresql/*/bin or PATH; {InstallHint}.");
    }

    /// <summary>
    /// Null when this process may run the server itself. initdb and postgres refuse to run as root, so as root
    /// they run as "postgres" (made by the Debian package), or as a system user created here if that is missing.
    /// </summary>
    public static async Task<string?> ServiceUserAsync()
    {
        if (!Environment.IsPrivilegedProcess)
            return null;
        if (await UserExistsAsync("postgres"))
            return "postgres";
        if (!await UserExistsAsync(FallbackUser))
        {
            // A test assembly running in parallel may create it first, so only the check after counts.
            await ProcessRunner.TryRunAsync(
                "useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FallbackUser]);
        }
        return await UserExistsAsync(FallbackUser)
            ? FallbackUser
            : throw new InvalidOperationException(
                $"Running as root, and neither user 'postgres' nor '{FallbackUser}' exists or could be created to run PostgreSQL; {InstallHint}.");
    }

    /// <summary>The command line that runs <paramref name="program"/> as <paramref name="user"/> (null: as this process's user).</summary>
    public static (string FileName, List<string> Arguments) AsUser(string? user, string program, IEnumerable<string> arguments) =>
        user is null
            ? (program, arguments.ToList())
            : ("runuser", ["-u", user, "--", program, .. arguments]);

    private static bool HasServer(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres"));

    private static IEnumerable<string> DebianBinDirectories()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
            return [];
        return Directory.GetDirectories(root)
            .Select(directory => (Directory: directory, Version: ParseVersion(Path.GetFileName(directory))))
            .Where(candidate => candidate.Version is not null)
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => Path.Combine(candidate.Directory, "bin"));
    }

    // Debian names the directories "15", "16", or "9.6" for old releases.
    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    private static async Task<bool> UserExistsAsync(string user) =>
        (await ProcessRunner.TryRunAsync("id", ["-u", user])).ExitCode == 0;
}
