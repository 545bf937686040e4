using System.Runtime.InteropServices;

namespace CrawlCluster.Cli.Hosting;

/// <summary>
/// A token cancelled by Ctrl-C (the command's token) or by SIGTERM, so a long-running command stops cleanly under a
/// process manager instead of being killed mid-work.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _terminated = new();
    private readonly CancellationTokenSource _either;
    private readonly PosixSignalRegistration _sigterm;

    /// <summary>Links to <paramref name="cancellationToken"/> (Ctrl-C) and listens for SIGTERM.</summary>
    public ShutdownSignal(CancellationToken cancellationToken)
    {
        _either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _terminated.Token);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            try
            {
                _terminated.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Another handler of the same signal ran first and the command has already finished.
            }
        });
    }

    /// <summary>Cancelled on Ctrl-C or SIGTERM.</summary>
    public CancellationToken Token => _either.Token;

    /// <inheritdoc/>
    public void Dispose()
    {
        _sigterm.Dispose();
        _either.Dispose();
        _terminated.Dispose();
    }
}
