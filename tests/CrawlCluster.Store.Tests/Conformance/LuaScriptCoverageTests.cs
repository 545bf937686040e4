using CrawlCluster.Store.Throttling;
using CrawlCluster.TestSupport;

namespace CrawlCluster.Store.Tests.Conformance;

/// <summary>Every embedded Lua script runs in the store conformance suite (STYLE.md guideline 9).</summary>
[Trait("Kind", "Unit")]
public sealed class LuaScriptCoverageTests
{
    [Fact]
    public void EveryScript_IsUsedByACallerThatTheConformanceSuiteExercises()
    {
        var scripts = typeof(RedisThrottledQueue).Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".lua", StringComparison.Ordinal)).ToList();
        var callers = new Dictionary<string, string>
        {
            ["CrawlCluster.Store.Throttling.ThrottledPop.lua"] = "RedisThrottledQueue",
            ["CrawlCluster.Store.Throttling.ThrottleCheck.lua"] = "RedisFrontier",
            ["CrawlCluster.Store.Dedup.DupeCheck.lua"] = "RedisDupeFilter",
            ["CrawlCluster.Store.Dedup.BloomCheck.lua"] = "RedisBloomDupeFilter",
            ["CrawlCluster.Store.Frontier.Push.lua"] = "RedisFrontier",
            ["CrawlCluster.Store.Frontier.LeasePop.lua"] = "RedisFrontier",
            ["CrawlCluster.Store.Frontier.CountPopped.lua"] = "RedisFrontier",
            ["CrawlCluster.Store.Frontier.Ack.lua"] = "RedisFrontier",
            ["CrawlCluster.Store.Frontier.Requeue.lua"] = "RedisFrontier",
            ["CrawlCluster.Store.Frontier.Purge.lua"] = "RedisFrontier",
            ["CrawlCluster.Store.Frontier.DelayDomain.lua"] = "RedisFrontier",
            ["CrawlCluster.Store.Frontier.AdoptQueue.lua"] = "AdoptForeignQueuesAsync",
            ["CrawlCluster.Store.Frontier.AdoptRequests.lua"] = "AdoptForeignQueuesAsync",
            ["CrawlCluster.Store.Frontier.PageLimit.lua"] = "RedisPageLimit",
            ["CrawlCluster.Store.DomainConfig.CompareAndSet.lua"] = "RedisDomainConfigStore",
            ["CrawlCluster.Store.Stats.RollingWindowIncrement.lua"] = "RedisStatsCollector",
            ["CrawlCluster.Store.Stats.WindowCount.lua"] = "RedisStatsCollector",
            ["CrawlCluster.Store.Stats.HyperLogLogAddEvents.lua"] = "RedisStatsCollector",
            ["CrawlCluster.Store.Stats.TimeWindowIncrement.lua"] = "RedisTimeWindow",
            ["CrawlCluster.Store.Locks.Release.lua"] = "RedisJobLock",
            ["CrawlCluster.Store.Locks.Renew.lua"] = "RedisJobLock",
            ["CrawlCluster.Store.Queues.PriorityPop.lua"] = "RedisQueues",
            ["CrawlCluster.Store.Polling.TakeOnce.lua"] = "RedisPollStore",
            ["CrawlCluster.Store.Polling.StoreOnce.lua"] = "RedisPollStore",
        };
        var suite = string.Concat(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "tests", "CrawlCluster.Store.Tests", "Conformance"), "*Conformance.cs")
            .Select(File.ReadAllText));

        Assert.Equal(callers.Keys.Order(), scripts.Order());
        Assert.All(callers.Values, caller => Assert.Contains(caller, suite, StringComparison.Ordinal));
    }
}
