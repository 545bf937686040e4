using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace CrawlCluster.TestSupport;

/// <summary>
/// A child process whose output lines the test can await (no sleeps), killed by PID on dispose. Used to drive the
/// built <c>crawlcluster</c> executable as a user would.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly SemaphoreSlim _lineArrived = new(0);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningProcess(Process process)
    {
        _process = process;
    }

    public IReadOnlyCollection<string> Output => _stdout;

    public IReadOnlyCollection<string> Error => _stderr;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    /// <summary>The process's peak resident memory so far (Linux's VmHWM), in MiB.</summary>
    public double PeakRssMiB
    {
        get
        {
            var line = File.ReadLines($"/proc/{Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
    }

    public string AllText => string.Join('\n', _stdout) + "\n" + string.Join('\n', _stderr);

    /// <summary>Starts <c>dotnet crawlcluster.dll</c> from the test's output folder.</summary>
    public static RunningProcess StartCrawlCluster(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "crawlcluster.dll"), .. args], environment);

    public static RunningProcess Start(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var running = new RunningProcess(process);
        process.OutputDataReceived += (_, e) => running.Receive(running._stdout, running._outputClosed, e.Data);
        process.ErrorDataReceived += (_, e) => running.Receive(running._stderr, running._errorClosed, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for a line (on either stream) that contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        await WaitUntilAsync(() => CountLines(text) > 0, timeout, $"a line with '{text}'");
        return _stdout.Concat(_stderr).First(l => l.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>Lines (on either stream) that contain <paramref name="text"/>.</summary>
    public int CountLines(string text) => _stdout.Concat(_stderr).Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits until <paramref name="count"/> lines (on either stream) contain <paramref name="text"/>.</summary>
    public Task WaitForLinesAsync(string text, int count, TimeSpan timeout) =>
        WaitUntilAsync(() => CountLines(text) >= count, timeout, $"{count} lines with '{text}' (saw {CountLines(text)})");

    private async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!done())
        {
            if (_process.HasExited && _outputClosed.Task.IsCompleted && _errorClosed.Task.IsCompleted)
            {
                throw new InvalidOperationException($"the process exited ({_process.ExitCode}) before {what}:\n{AllText}");
            }

            try
            {
                await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no {what} within {timeout.TotalSeconds} s:\n{AllText}");
            }
        }
    }

    /// <summary>Waits for the process to exit and for its output to be read.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the process did not exit within {timeout.TotalSeconds} s:\n{AllText}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL, a crash): it gets no chance to clean up.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Sends SIGTERM (a graceful stop, as a service manager would).</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    /// <summary>Sends SIGSTOP: the process is frozen, its sockets open, its clock running (a long GC pause, a stalled VM).</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Sends SIGCONT to a paused process.</summary>
    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Sends SIGINT (Ctrl-C in a terminal).</summary>
    public void Interrupt()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Receive(ConcurrentQueue<string> lines, TaskCompletionSource closed, string? line)
    {
        if (line is null)
        {
            closed.TrySetResult();
        }
        else
        {
            lines.Enqueue(line);
        }

        _lineArrived.Release();
    }
}
