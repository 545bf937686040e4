using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Crawler.Middleware;

/// <summary>What a middleware or pipeline is opened with.</summary>
/// <param name="Settings">Every setting, by the original's names (<c>Settings["USER_AGENT"]</c>), your own included.</param>
/// <param name="Logger">A logger for the component.</param>
/// <param name="Time">The clock.</param>
/// <param name="Services">The crawler process's services (the store and bus ports).</param>
public sealed record CrawlerComponentContext(IConfiguration Settings, ILogger Logger, TimeProvider Time, IServiceProvider Services);
