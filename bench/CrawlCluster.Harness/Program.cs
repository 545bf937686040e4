using CrawlCluster.Harness.Bus;

// dotnet run -c Release --project bench/CrawlCluster.Harness -- bus [--quick]
return args.FirstOrDefault() switch
{
    "bus" => await BusThroughput.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CrawlCluster.Harness bus [--quick]");
    return 2;
}
