namespace CrawlCluster.TestSupport.Faults;

/// <summary>
/// One process of a fault cluster (the built <c>crawlcluster</c> executable): started until it says it is ready,
/// killed, paused and restarted by the suite. An exit the suite did not cause is a crash, and is reported.
/// </summary>
public sealed class ClusterProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string[] _arguments;
    private readonly string _readyLine;
    private readonly List<RunningProcess> _runs = [];
    private bool _exitExpected;

    public ClusterProcess(string name, IReadOnlyDictionary<string, string> environment, string readyLine, params string[] arguments)
    {
        Name = name;
        _environment = environment;
        _readyLine = readyLine;
        _arguments = arguments;
    }

    public string Name { get; }

    /// <summary>The run now (the latest start).</summary>
    public RunningProcess Current => _runs[^1];

    /// <summary>True when a run ended without the suite killing or stopping it.</summary>
    public bool Crashed => _runs.Count > 0 && Current.HasExited && !_exitExpected;

    /// <summary>Every line of every run.</summary>
    public IEnumerable<string> Lines => _runs.SelectMany(r => r.Output.Concat(r.Error));

    public async Task StartAsync(TimeSpan patience)
    {
        _exitExpected = false;
        _runs.Add(RunningProcess.StartCrawlCluster(_environment, _arguments));
        await Current.WaitForLineAsync(_readyLine, patience).ConfigureAwait(false);
    }

    /// <summary>SIGKILL: no chance to clean up, as a crash or the OOM killer.</summary>
    public async Task KillAsync()
    {
        _exitExpected = true;
        Current.Kill();
        await Current.WaitForExitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <summary>Kills the process and starts it again.</summary>
    public async Task RestartAsync(TimeSpan patience)
    {
        await KillAsync().ConfigureAwait(false);
        await StartAsync(patience).ConfigureAwait(false);
    }

    /// <summary>SIGSTOP.</summary>
    public void Pause() => Current.Pause();

    /// <summary>SIGCONT.</summary>
    public void Resume() => Current.Resume();

    /// <summary>SIGTERM, then waits for the exit: the code a graceful stop ends with.</summary>
    public async Task<int> StopAsync(TimeSpan patience)
    {
        _exitExpected = true;
        Current.Terminate();
        return await Current.WaitForExitAsync(patience).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _exitExpected = true;
        foreach (var run in _runs)
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
    }
}
