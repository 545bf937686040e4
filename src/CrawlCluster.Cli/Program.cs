using CrawlCluster.Cli.Commands;

return await CrawlClusterCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
