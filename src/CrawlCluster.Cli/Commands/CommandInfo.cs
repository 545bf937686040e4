namespace CrawlCluster.Cli.Commands;

/// <summary>A subcommand's path, one-line purpose, usage and example, as the top-level help lists them.</summary>
/// <param name="Path">The words after <c>crawlcluster</c>, e.g. <c>kafka-monitor run</c>.</param>
/// <param name="Summary">What it does, in one line.</param>
/// <param name="Usage">Its arguments after the path.</param>
/// <param name="Example">A command line a user can copy.</param>
internal sealed record CommandInfo(string Path, string Summary, string Usage, string Example);
