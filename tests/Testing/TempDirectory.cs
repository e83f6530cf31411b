namespace Testing;

/// <summary>A new, empty directory that is deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <param name="prefix">Start of the directory name, so leftovers say who made them.</param>
    /// <param name="parent">Where to create it; the system temp directory (TMPDIR) by default.</param>
    public TempDirectory(string prefix = "bot-test-", string? parent = null)
    {
        var name = prefix + System.IO.Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal);
        Path = System.IO.Path.Combine(parent ?? System.IO.Path.GetTempPath(), name);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: whoever used it cleaned up first.
        }
    }
}
