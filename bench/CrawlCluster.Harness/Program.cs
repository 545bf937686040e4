using CrawlCluster.Harness.Bus;
using CrawlCluster.Harness.Frontier;

// dotnet run -c Release --project bench/CrawlCluster.Harness -- bus|frontier [--quick]
return args.FirstOrDefault() switch
{
    "bus" => await BusThroughput.RunAsync(args.Skip(1).ToArray()),
    "frontier" => await FrontierThroughput.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CrawlCluster.Harness bus|frontier [--quick]");
    return 2;
}
