using System.CommandLine;
using CrawlCluster.Cli.Commands;

// Ctrl-C cancels the command's token as SIGTERM does; System.CommandLine's default would end the process 2 s later,
// before a crawl has released its requests, written its pages and printed its summary.
return await CrawlClusterCommand.InvokeAsync(CrawlClusterCommand.Create(), args,
    new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) }).ConfigureAwait(false);
