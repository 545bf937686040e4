using CrawlCluster.Cli.Hosting;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrawlCluster.Cli.Tests.Hosting;

/// <summary>The composition root: a component that faults stops the whole host and the exit code says so (issue 11).</summary>
[Trait("Kind", "Unit")]
public sealed class ProcessHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_AComponentFaults_StopsTheOthers_NamesIt_AndExitsOne()
    {
        var healthy = new Healthy();
        using var host = Build(services => services.AddSingleton<IHostedService>(healthy).AddSingleton<IHostedService>(new Faulty()));
        var error = new StringWriter();

        var exit = await ProcessHost.RunAsync(host, error, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(1, exit);
        Assert.Contains("crawlcluster: Faulty stopped: the loop broke", error.ToString(), StringComparison.Ordinal);
        Assert.True(healthy.Stopped.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_StoppedByTheCommand_ExitsZero_AndStopsEveryComponent()
    {
        var healthy = new Healthy();
        using var host = Build(services => services.AddSingleton<IHostedService>(healthy));
        using var stop = new CancellationTokenSource();
        var error = new StringWriter();

        var running = ProcessHost.RunAsync(host, error, stop.Token);
        await healthy.Started.Task.WaitAsync(Patience);
        await stop.CancelAsync();

        Assert.Equal(0, await running.WaitAsync(Patience));
        Assert.True(healthy.Stopped.Task.IsCompletedSuccessfully);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task RunAsync_WorkIsCutShortByAFault_ExitsOne_NotTheWorksCode()
    {
        using var host = Build(services => services.AddSingleton<IHostedService>(new Faulty()));
        var error = new StringWriter();

        var exit = await ProcessHost.RunAsync(host, error, CancellationToken.None, async stopping =>
        {
            await Task.Delay(Timeout.Infinite, stopping);
            return 0;
        }).WaitAsync(Patience);

        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task RunAsync_AComponentFailingBeforeItsFirstAwait_IsReportedAsItsFault()
    {
        using var host = Build(services => services.AddSingleton<IHostedService>(new FailsAtOnce()));
        var error = new StringWriter();

        var exit = await ProcessHost.RunAsync(host, error, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(2, exit);
        Assert.Contains("crawlcluster: FailsAtOnce stopped: PLUGINS names Nope", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class FailsAtOnce : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            Task.FromException(new CrawlCluster.Core.Settings.SettingsException("PLUGINS names Nope, but no such plugin exists"));
    }

    private static IHost Build(Action<IServiceCollection> register)
    {
        var logger = new ListLogger();
        return ProcessHost.Build(new ConfigurationBuilder().Build(), new ListLoggerFactory(logger), register);
    }

    private sealed class Faulty : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("the loop broke");
        }
    }

    private sealed class Healthy : BackgroundService
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                Stopped.TrySetResult();
            }
        }
    }
}
