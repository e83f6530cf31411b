using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Testing;

/// <summary>
/// The bash process that owns a test postgres: it starts postgres and stops it, then deletes the server's
/// directory, as soon as its stdin reads EOF. Only the test process holds the other end of that pipe, so
/// this happens on <see cref="Stop"/>, on a normal exit, and when the test process is killed outright.
/// </summary>
internal sealed class PostgresWatchdog
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    // $1 postgres bin directory, $2 directory to delete at the end, $3 log file, then the postgres arguments.
    private const string Script = """
        set -u
        bin=$1 dir=$2 log=$3
        shift 3
        exec >"$log" 2>&1
        "$bin/postgres" "$@" </dev/null &
        pg=$!
        # read gives 0 or 1 (EOF) once the test process closes its end, above 128 on timeout.
        while kill -0 "$pg" 2>/dev/null; do
            read -r -t 1 _
            [ $? -gt 128 ] || break
        done
        if ! kill -0 "$pg" 2>/dev/null; then
            # postgres ended by itself: the test process still wants the log, and deletes the directory.
            wait "$pg"
            exit
        fi
        kill -INT "$pg"
        for _ in $(seq 100); do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pg" 2>/dev/null
        wait "$pg"
        rm -rf "$dir"
        """;

    private readonly Process _process;
    private readonly string _log;
    private readonly StringBuilder _output = new();

    private PostgresWatchdog(Process process, string log)
    {
        _process = process;
        _log = log;
    }

    /// <summary>After a failed start: postgres could not bind its port, so another one may work.</summary>
    public bool PortWasTaken => _process.HasExited && ReadLog().Contains("Address already in use", StringComparison.Ordinal);

    /// <param name="user">OS user to run as (see <see cref="PostgresBinaries.ServiceUserAsync"/>); null for this process's.</param>
    public static PostgresWatchdog Start(string bin, string? user, string directory, string data, int port)
    {
        var log = Path.Combine(directory, "postgres.log");
        var (fileName, arguments) = PostgresBinaries.AsUser(user, "/bin/bash",
        [
            "-c", Script, "postgres-watchdog", bin, directory, log,
            "-D", data, "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-k", directory,
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
        ]);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        var watchdog = new PostgresWatchdog(new Process { StartInfo = start }, log);
        // Only runuser or bash themselves write here (postgres logs to the file); kept for error messages.
        watchdog._process.OutputDataReceived += (_, line) => watchdog.Append(line.Data);
        watchdog._process.ErrorDataReceived += (_, line) => watchdog.Append(line.Data);
        watchdog._process.Start();
        watchdog._process.BeginOutputReadLine();
        watchdog._process.BeginErrorReadLine();
        return watchdog;
    }

    /// <summary>
    /// True once this server accepts connections; false if it ended first. Compares the data directory so
    /// that another server that got the same port is not taken for this one.
    /// </summary>
    public async Task<bool> WaitUntilReadyAsync(NpgsqlConnectionStringBuilder settings, string data)
    {
        var probe = new NpgsqlConnectionStringBuilder(settings.ConnectionString)
        {
            Database = "postgres",
            Pooling = false,
            Timeout = 2,
        };
        var waited = Stopwatch.StartNew();
        while (!_process.HasExited)
        {
            if (waited.Elapsed > ReadyTimeout)
            {
                var diagnostics = Diagnostics();
                Stop();
                throw new TimeoutException($"PostgreSQL did not accept connections within {ReadyTimeout}:{Environment.NewLine}{diagnostics}");
            }
            try
            {
                await using var connection = new NpgsqlConnection(probe.ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SHOW data_directory", connection);
                if (await command.ExecuteScalarAsync() as string == data)
                    return true;
            }
            catch (NpgsqlException)
            {
                // Not listening yet, or still starting up.
            }
            await Task.Delay(100);
        }
        await _process.WaitForExitAsync();
        return false;
    }

    /// <summary>The postgres log and anything runuser or bash printed, for error messages.</summary>
    public string Diagnostics()
    {
        lock (_output)
            return $"{ReadLog()}{_output}".Trim();
    }

    /// <summary>Closes stdin so the watchdog stops postgres; kills the whole tree if that takes too long.</summary>
    public void Stop()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The watchdog is gone already, and its end of the pipe with it.
        }
        if (!_process.WaitForExit(StopTimeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(StopTimeout);
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private string ReadLog() => File.Exists(_log) ? File.ReadAllText(_log) : "";
}
