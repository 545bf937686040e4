using System.Text.Json.Nodes;

namespace CrawlCluster.RedisMonitor.Tests;

public sealed class MonitorStatsDumpTests
{
    [Fact]
    public void CrawlDump_FlattensSpidersToTheOriginalsKeys()
    {
        var spiders = JsonNode.Parse("""{"link":{"count":2,"200":{"60":5,"lifetime":9},"404":{"60":1}},"unique_spider_count":1,"total_spider_count":2}""")!.AsObject();

        var dump = MonitorStatsDump.CrawlDump(spiders);

        Assert.Equal("""{"link_spider_count":2,"link_200_60":5,"link_200_lifetime":9,"link_404_60":1,"unique_spider_count":1,"total_spider_count":2}""",
            dump.ToJsonString());
    }

    [Fact]
    public void Flatten_NamesTheMonitorsCountersAsTheOriginal()
    {
        var component = JsonNode.Parse("""{"total":{"60":3,"lifetime":4},"fail":{"lifetime":1},"plugins":{"InfoMonitor":{"60":2}},"nodes":{"host":["a1"]}}""")!.AsObject();

        var dump = MonitorStatsDump.Flatten(component);

        Assert.Equal("""{"total_60":3,"total_lifetime":4,"fail_lifetime":1,"plugin_InfoMonitor_60":2}""", dump.ToJsonString());
    }
}
