using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Handover.Settings;

/// <summary>Where bot files live (BotFiles:ConfigDirectory). Relative paths are taken from the content root.</summary>
public sealed class BotFilesOptions
{
    public const string Section = "BotFiles";

    public string ConfigDirectory { get; set; } = "config/bots";
}

/// <summary>The outcome of checking or applying a bot file: the errors, each naming the file and the path in it.</summary>
public sealed record BotConfigResult(string File, IReadOnlyList<ConfigError> Errors)
{
    public bool Ok => Errors.Count == 0;

    public override string ToString() => Ok ? $"{File}: valid" : $"{File}: {string.Join("; ", Errors)}";
}

/// <summary>
/// The current, validated settings of every bot, from <c>&lt;ConfigDirectory&gt;/&lt;botId&gt;.yaml</c>. Loaded at start
/// (an invalid file stops the host with one message naming file, path and value), watched for changes (an invalid
/// edit keeps the last good settings and is reported in the log and by <see cref="LastError"/>), and written by the
/// admin API through <see cref="SaveAsync"/>, which applies the same validation.
/// </summary>
public sealed class BotConfigCatalog(IOptions<BotFilesOptions> files, IOptions<IntegrationsOptions> integrations, ILogger<BotConfigCatalog> logger) : IDisposable
{
    private static readonly BotConfig Default = new();
    private readonly ConcurrentDictionary<string, BotConfig> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BotConfigResult> _errors = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, int> _fileEvents = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private Func<CancellationToken, Task<IReadOnlySet<string>>> _agents = _ => Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());

    /// <summary>Raised after a bot's settings changed (file edit or API), with the bot id.</summary>
    public event Action<string>? Changed;

    public string Directory => Path.GetFullPath(files.Value.ConfigDirectory);

    public BotConfig For(string botId) => _current.TryGetValue(botId, out var config) ? config : Default;

    public IReadOnlyCollection<string> BotIds => _current.Keys.ToList();

    /// <summary>The error of the last edit of this bot's file that was refused, if the file is still in that state.</summary>
    public BotConfigResult? LastError(string botId) => _errors.TryGetValue(botId, out var e) ? e : null;

    public string FileOf(string botId) => Path.Combine(Directory, botId + ".yaml");

    /// <summary>Loads every file; throws naming every bad value of every file. Then watches the folder.</summary>
    public async Task StartAsync(Func<CancellationToken, Task<IReadOnlySet<string>>> knownAgents, CancellationToken cancellationToken)
    {
        _agents = knownAgents;
        System.IO.Directory.CreateDirectory(Directory);
        var failures = new List<BotConfigResult>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var result = await LoadFileAsync(file, cancellationToken);
            if (!result.Ok)
                failures.Add(result);
        }
        if (failures.Count > 0)
            throw new InvalidOperationException("Invalid bot settings: " + string.Join(" | ", failures));

        _watcher = new FileSystemWatcher(Directory, "*.yaml") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
        _watcher.Changed += (_, e) => OnFileEvent(e.FullPath);
        _watcher.Created += (_, e) => OnFileEvent(e.FullPath);
        _watcher.Renamed += (_, e) => OnFileEvent(e.FullPath);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Checks a document without applying it (dry runs, the editor's drafts).</summary>
    public async Task<(BotConfig? Config, BotConfigResult Result)> CheckAsync(string botId, string yaml, CancellationToken cancellationToken)
    {
        var file = FileOf(botId);
        var (config, errors) = BotConfigYaml.Parse(yaml);
        if (config is null)
            return (null, new BotConfigResult(file, errors));
        var context = new ConfigContext(await _agents(cancellationToken), integrations.Value);
        return (config, new BotConfigResult(file, BotConfigValidator.Validate(config, context)));
    }

    /// <summary>Validates and, when valid, writes the bot's file and applies it at once.</summary>
    public async Task<BotConfigResult> SaveAsync(string botId, string yaml, CancellationToken cancellationToken)
    {
        var (config, result) = await CheckAsync(botId, yaml, cancellationToken);
        if (!result.Ok || config is null)
            return result;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var temp = result.File + ".tmp";
            await File.WriteAllTextAsync(temp, yaml, cancellationToken);
            File.Move(temp, result.File, overwrite: true);
            Apply(botId, config);
        }
        finally
        {
            _gate.Release();
        }
        return result;
    }

    /// <summary>The bot's file as written, or the defaults as YAML when it has none.</summary>
    public async Task<string> ReadAsync(string botId, CancellationToken cancellationToken) =>
        File.Exists(FileOf(botId)) ? await File.ReadAllTextAsync(FileOf(botId), cancellationToken) : BotConfigYaml.Write(For(botId));

    private async void OnFileEvent(string path)
    {
        try
        {
            // Editors (and File.WriteAllText) write in several steps, each raising an event, and a read between them sees a
            // half-written (even empty, hence valid) file: only the last event of a burst loads the file.
            var mine = _fileEvents.AddOrUpdate(path, 1, (_, n) => n + 1);
            await Task.Delay(250);
            if (_fileEvents.TryGetValue(path, out var latest) && latest == mine)
                await LoadFileAsync(path, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Reloading bot settings from {File} failed", path);
        }
    }

    private async Task<BotConfigResult> LoadFileAsync(string path, CancellationToken cancellationToken)
    {
        var botId = Path.GetFileNameWithoutExtension(path);
        string yaml;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(path))
                return new BotConfigResult(path, []);
            yaml = await ReadSharedAsync(path, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
        var (config, result) = await CheckAsync(botId, yaml, cancellationToken);
        if (!result.Ok || config is null)
        {
            _errors[botId] = result;
            logger.LogError("Bot settings {File} are not valid; keeping the last good settings: {Errors}", path, string.Join("; ", result.Errors));
            return result;
        }
        Apply(botId, config);
        return result;
    }

    private void Apply(string botId, BotConfig config)
    {
        _current[botId] = config;
        _errors.TryRemove(botId, out _);
        logger.LogInformation("Bot settings for {BotId} applied", botId);
        Changed?.Invoke(botId);
    }

    private static async Task<string> ReadSharedAsync(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return await reader.ReadToEndAsync(cancellationToken);
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _gate.Dispose();
    }
}
