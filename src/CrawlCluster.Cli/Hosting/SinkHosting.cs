using CrawlCluster.Core.Sink;
using CrawlCluster.Sink;
using CrawlCluster.Sink.Databases;
using Microsoft.Extensions.DependencyInjection;

namespace CrawlCluster.Cli.Hosting;

/// <summary>What the commands that run a sink share (<c>sink</c>, <c>up</c>, <c>crawl --db</c>): the database from SINK_DATABASE_URL.</summary>
internal static class SinkHosting
{
    /// <summary>The table names and mode from the sink's settings.</summary>
    public static SinkTables Tables(SinkOptions options) =>
        new(options.Table, options.EventsTable, options.DeadLetterTable, UpsertByPage: options.UpsertKey.Length > 0);

    /// <summary>The database adapter, or null after telling <paramref name="error"/> what is wrong with the URL.</summary>
    public static async Task<ISinkDatabase?> TryOpenAsync(SinkOptions options, TextWriter error)
    {
        try
        {
            return SinkDatabases.Open(options.DatabaseUrl, Tables(options));
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Registers the sink with its database (the host disposes neither: the command owns the database).</summary>
    public static void Register(IServiceCollection services, ISinkDatabase database, SinkPlan plan)
    {
        services.AddSingleton(database);
        services.AddSink(plan);
    }

    /// <summary>A SQLite URL for a bare path (<c>crawl --db crawl.db</c>); URLs pass through.</summary>
    public static string UrlFor(string pathOrUrl) =>
        pathOrUrl.Contains("://", StringComparison.Ordinal) ? pathOrUrl
            : "sqlite:///" + (Path.IsPathRooted(pathOrUrl) ? pathOrUrl : pathOrUrl.Replace('\\', '/'));
}
