using System.Diagnostics;
using System.Globalization;

namespace CrawlCluster.TestSupport;

/// <summary>
/// A real PostgreSQL (Debian's <c>postgresql</c> package) in a temporary folder on a free loopback port: <c>initdb</c>
/// with trust authentication, <c>pg_ctl start -w</c>; stopped and deleted on dispose. PostgreSQL refuses to run as root,
/// so as root the server runs as the package's <c>postgres</c> user (through <c>runuser</c>) in a folder it owns.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string User = "crawl";
    private readonly string _bin;
    private readonly string _directory;

    private readonly bool _durable;

    private PostgresServer(string bin, string directory, int port, bool durable)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
        _durable = durable;
    }

    public int Port { get; }

    /// <summary>The URL the sink takes for database <paramref name="database"/> (created by <see cref="CreateDatabaseAsync"/>).</summary>
    public string Url(string database = "postgres") => $"postgresql://{User}@127.0.0.1:{Port}/{database}";

    /// <summary>An Npgsql connection string for the test's own queries.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Timeout=5;Pooling=false";

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Starts a server; <paramref name="durable"/> keeps PostgreSQL's default fsync and synchronous commit (benchmarks), else both are off (tests).</summary>
    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        var bin = FindBin();
        var directory = Directory.CreateTempSubdirectory("crawlcluster-postgres-").FullName;
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres", directory]).ConfigureAwait(false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", Path.Combine(directory, "data"), "-A", "trust", "-U", User, "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
            asPostgres: true).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var server = new PostgresServer(bin, directory, FreePort.Next(), durable);
            try
            {
                await server.StartAgainAsync().ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
                // Another process took the port meanwhile: try another.
            }
        }
    }

    /// <summary>Starts the stopped server again on the same port and data.</summary>
    public Task StartAgainAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"),
        ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "30", "-o",
            $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_directory} -c listen_addresses=127.0.0.1"
                + (_durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"), "start"],
        asPostgres: true);

    /// <summary>Stops the server (fast shutdown: connections are cut), for outage tests.</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], asPostgres: true);

    /// <summary>Creates a database (one per test class keeps tests apart).</summary>
    public Task CreateDatabaseAsync(string name) =>
        RunAsync(Path.Combine(_bin, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, name]);

    /// <summary>Runs one SQL statement with psql and returns its unaligned output (for tests without a driver).</summary>
    public Task<string> QueryAsync(string database, string sql) =>
        RunAsync(Path.Combine(_bin, "psql"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asPostgres: true).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by an exiting server; the temporary folder is cleaned by the OS.
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBin() =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault()
        ?? throw new InvalidOperationException("PostgreSQL is not installed; ./test.sh installs it (apt-get install postgresql).");

    private static async Task<string> RunAsync(string executable, IReadOnlyList<string> args, bool asPostgres = false)
    {
        var start = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && IsRoot)
        {
            foreach (var arg in new[] { "-u", "postgres", "--", executable })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(executable)} failed ({process.ExitCode}): {await error.ConfigureAwait(false)}");
        }

        return (await output.ConfigureAwait(false)).Trim();
    }
}
