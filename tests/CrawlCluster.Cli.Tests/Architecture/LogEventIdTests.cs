using System.Reflection;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Cli.Tests.Architecture;

/// <summary>Log event ids are unique and in their project's range (STYLE.md guideline 16, docs/logging.md).</summary>
[Trait("Kind", "Unit")]
public sealed class LogEventIdTests
{
    private static readonly Dictionary<string, int> Ranges = new()
    {
        ["CrawlCluster.Core"] = 1000,
        ["CrawlCluster.Messaging"] = 2000,
        ["CrawlCluster.Crawler"] = 3000,
        ["CrawlCluster.KafkaMonitor"] = 4000,
        ["CrawlCluster.RedisMonitor"] = 5000,
        ["CrawlCluster.Rest"] = 6000,
        ["CrawlCluster.Sink"] = 7000,
        ["crawlcluster"] = 8000,
        ["CrawlCluster.Store"] = 9000,
    };

    [Fact]
    public void EventIds_AreUnique_AndInTheirProjectsRange()
    {
        var events = Ranges.Keys
            .Select(Assembly.Load)
            .SelectMany(assembly => assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
                .Select(m => (Assembly: assembly.GetName().Name!, Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
                .Where(e => e.Attribute is not null))
            .ToList();

        Assert.NotEmpty(events);
        Assert.Empty(events.GroupBy(e => e.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(events, e => Assert.InRange(e.Attribute!.EventId, Ranges[e.Assembly], Ranges[e.Assembly] + 999));
    }
}
