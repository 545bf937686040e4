namespace CrawlCluster.Core.Hosting;

/// <summary>
/// How a process names itself in heartbeat and stats keys (CONTRACT.md Part B §0): the OS host name, as Python's
/// <c>socket.gethostname()</c> returns it, and the last dash-separated group of a random UUID4 (12 hex characters).
/// </summary>
/// <param name="Host">The host name.</param>
/// <param name="Id">The process id, e.g. <c>d209adf2aa01</c>.</param>
internal sealed record ProcessIdentity(string Host, string Id)
{
    /// <summary>A new identity for this process.</summary>
    public static ProcessIdentity Create() => new(Environment.MachineName, Guid.NewGuid().ToString("D")[^12..]);
}
