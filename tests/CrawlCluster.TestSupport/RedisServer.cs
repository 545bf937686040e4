using System.Diagnostics;
using StackExchange.Redis;

namespace CrawlCluster.TestSupport;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, without persistence, in a temporary folder; stopped by PID.
/// Redis's <c>--port 0</c> means "no TCP listener", so a free port is picked first and the start retried if another
/// process took it meanwhile.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process _process;
    private readonly string _directory;

    private readonly string? _appendFsync;

    private RedisServer(Process process, int port, string directory, ConnectionMultiplexer connection, string? appendFsync)
    {
        _appendFsync = appendFsync;
        _process = process;
        Port = port;
        _directory = directory;
        Connection = connection;
    }

    public int Port { get; }

    public string EndPoint => $"127.0.0.1:{Port}";

    /// <summary>A connection for the test's own use (the code under test should make its own).</summary>
    public ConnectionMultiplexer Connection { get; }

    /// <summary>Starts a server; with <paramref name="appendFsync"/> (<c>always</c>, <c>everysec</c>) it keeps an append-only file that a restart loads.</summary>
    public static async Task<RedisServer> StartAsync(string? appendFsync = null)
    {
        var executable = FindExecutable();
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var directory = Directory.CreateTempSubdirectory("crawlcluster-redis-").FullName;
            var process = Launch(executable, port, directory, appendFsync);
            var connection = await WaitForPingAsync(process, port).ConfigureAwait(false);
            if (connection is not null)
            {
                return new RedisServer(process, port, directory, connection, appendFsync);
            }

            Stop(process);
            Directory.Delete(directory, recursive: true);
            if (attempt == 5)
            {
                throw new InvalidOperationException($"redis-server did not start on a free port after {attempt} attempts");
            }
        }
    }

    /// <summary>Stops the server (a store outage); <see cref="RestartAsync"/> brings it back on the same port.</summary>
    public void Stop() => Stop(_process);

    /// <summary>Shuts the server down as an operator would (<c>SHUTDOWN</c>: the append-only file is flushed first).</summary>
    public async Task ShutdownAsync()
    {
        try
        {
            await Connection.GetDatabase().ExecuteAsync("SHUTDOWN").ConfigureAwait(false);
        }
        catch (RedisConnectionException)
        {
            // The server closes the connection as it goes: that is the answer.
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>Starts the server again on the same port — empty, or from its append-only file — and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        _process = Launch(FindExecutable(), Port, _directory, _appendFsync);
        using var probe = await WaitForPingAsync(_process, Port).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"redis-server did not come back on port {Port}");
    }

    /// <summary>Removes every key, so tests of one class start clean.</summary>
    public async Task FlushAsync() => await Connection.GetServer(EndPoint).FlushAllDatabasesAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync().ConfigureAwait(false);
        Stop(_process);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the exiting server; the temporary folder is cleaned by the OS.
        }
    }

    private static string FindExecutable() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed; ./test.sh installs it (apt-get install redis-server).");

    private static Process Launch(string executable, int port, string directory, string? appendFsync)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", appendFsync is null ? "no" : "yes", "--appendfsync", appendFsync ?? "everysec", "--dir", directory,
            "--protected-mode", "no", "--loglevel", "warning" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<ConnectionMultiplexer?> WaitForPingAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=true,connectTimeout=1000,allowAdmin=true").ConfigureAwait(false);
                try
                {
                    await connection.GetDatabase().PingAsync().ConfigureAwait(false);
                    return connection;
                }
                catch
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("LOADING", StringComparison.Ordinal))
            {
                // Up, still reading its append-only file.
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        return null;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped and disposed (Stop, then dispose).
        }

        process.Dispose();
    }
}
