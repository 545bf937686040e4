namespace CrawlCluster.Cli.Commands;

/// <summary>The process exit codes of <c>crawlcluster</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>It ran and failed (a dependency unreachable, a crawl that could not finish).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or settings; nothing was started.</summary>
    public const int UsageError = 2;

    /// <summary>Stopped by Ctrl-C or SIGTERM before the work was finished (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
