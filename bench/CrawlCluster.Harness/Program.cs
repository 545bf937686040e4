using CrawlCluster.Harness.Bus;
using CrawlCluster.Harness.Crawl;
using CrawlCluster.Harness.Faults;
using CrawlCluster.Harness.Frontier;
using CrawlCluster.Harness.Ingest;
using CrawlCluster.Harness.RedisMonitor;
using CrawlCluster.Harness.Sink;

// dotnet run -c Release --project bench/CrawlCluster.Harness -- bus|frontier|dupefilter|ingest|redis-monitor|sink|crawl|faults [--quick]
return args.FirstOrDefault() switch
{
    "bus" => await BusThroughput.RunAsync(args.Skip(1).ToArray()),
    "frontier" => await FrontierThroughput.RunAsync(args.Skip(1).ToArray()),
    "ingest" => await IngestThroughput.RunAsync(args.Skip(1).ToArray()),
    "dupefilter" => await DupeFilterMemory.RunAsync(args.Skip(1).ToArray()),
    "redis-monitor" => await MonitorAnswerTime.RunAsync(args.Skip(1).ToArray()),
    "sink" => await SinkThroughput.RunAsync(args.Skip(1).ToArray()),
    "crawl" when OperatingSystem.IsLinux() => await CrawlThroughput.RunAsync(args.Skip(1).ToArray()),
    "faults" => await FaultTable.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CrawlCluster.Harness bus|frontier|dupefilter|ingest|redis-monitor|sink|crawl|faults [--quick]");
    return 2;
}
