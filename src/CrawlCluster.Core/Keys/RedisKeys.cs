namespace CrawlCluster.Core.Keys;

/// <summary>
/// Every Redis key name of the original (CONTRACT.md Part B), built in one place. The original splits these keys
/// on <c>:</c>, so parts containing a colon corrupt them (Part B §8.1 #24); <see cref="IsSafePart"/> checks a part.
/// </summary>
internal static class RedisKeys
{
    /// <summary>The separator between key parts.</summary>
    public const char Separator = ':';

    /// <summary>Whether a value can be used as one key part (non-empty, no <c>:</c>).</summary>
    public static bool IsSafePart(string? part) => !string.IsNullOrEmpty(part) && !part.Contains(Separator, StringComparison.Ordinal);

    /// <summary>A domain's request queue, a sorted set scored by −priority: <c>&lt;spiderid&gt;:&lt;domain&gt;:queue</c> (§1.4).</summary>
    public static string Queue(string spiderId, string domain) => $"{spiderId}:{domain}:queue";

    /// <summary>The glob matching every queue of one spider: <c>&lt;spiderid&gt;:*:queue</c>.</summary>
    public static string QueuePattern(string spiderId) => $"{spiderId}:*:queue";

    /// <summary>The glob matching every queue of every spider: <c>*:*:queue</c> (§4.6).</summary>
    public const string AllQueuesPattern = "*:*:queue";

    /// <summary>A crawl's expiry time: <c>timeout:&lt;spiderid&gt;:&lt;appid&gt;:&lt;crawlid&gt;</c>, value = epoch seconds (§1.4).</summary>
    public static string Timeout(string spiderId, string appId, string crawlId) => $"timeout:{spiderId}:{appId}:{crawlId}";

    /// <summary>An info or stop job: <c>&lt;action&gt;:&lt;spiderid&gt;:&lt;appid&gt;[:&lt;crawlid&gt;]</c>, value = uuid (§1.4).</summary>
    public static string Action(string action, string spiderId, string appId, string? crawlId) =>
        crawlId is null ? $"{action}:{spiderId}:{appId}" : $"{action}:{spiderId}:{appId}:{crawlId}";

    /// <summary>A stats job: <c>statsrequest:&lt;stats&gt;:&lt;appid&gt;</c>, value = uuid (§1.4).</summary>
    public static string StatsRequest(string stats, string appId) => $"statsrequest:{stats}:{appId}";

    /// <summary>A domain-config ("zookeeper") job: <c>zk:&lt;action&gt;:&lt;domain&gt;:&lt;appid&gt;</c> (§1.4).</summary>
    public static string DomainConfigJob(string action, string domain, string appId) => $"zk:{action}:{domain}:{appId}";

    /// <summary>A crawl's fingerprint set: <c>&lt;spider&gt;:dupefilter:&lt;crawlid&gt;</c> (§2.3).</summary>
    public static string DupeFilter(string spider, string crawlId) => $"{spider}:dupefilter:{crawlId}";

    /// <summary>A crawl's per-domain page counter: <c>&lt;spider&gt;:domain_max_page_filter:&lt;domain&gt;:&lt;crawlid&gt;</c> (§2.3).</summary>
    public static string DomainMaxPageFilter(string spider, string domain, string crawlId) => $"{spider}:domain_max_page_filter:{domain}:{crawlId}";

    /// <summary>The global per-domain page counter: <c>&lt;spider&gt;:global_page_count_filter:&lt;domain&gt;:&lt;crawlid&gt;</c> (§2.3).</summary>
    public static string GlobalPageCountFilter(string spider, string domain, string crawlId) => $"{spider}:global_page_count_filter:{domain}:{crawlId}";

    /// <summary>The set of stopped or expired crawls, members <c>&lt;appid&gt;||&lt;crawlid&gt;</c>: <c>&lt;spider&gt;:blacklist</c> (§4.4).</summary>
    public static string CrawlBlacklist(string spider) => $"{spider}:blacklist";

    /// <summary>A member of <see cref="CrawlBlacklist"/>.</summary>
    public static string CrawlBlacklistMember(string appId, string crawlId) => $"{appId}||{crawlId}";

    /// <summary>
    /// The throttle scope of a domain: (<c>&lt;spider&gt;:</c> when type throttling is on) + (<c>&lt;ip&gt;:</c> when IP
    /// throttling is on) + the domain (§2.2).
    /// </summary>
    public static string ThrottleScope(string domain, string? spiderType, string? publicIp) =>
        (spiderType is null ? "" : spiderType + ":") + (publicIp is null ? "" : publicIp + ":") + domain;

    /// <summary>The sliding window of pop times: <c>&lt;scope&gt;:throttle_window</c> (§3.2).</summary>
    public static string ThrottleWindow(string scope) => $"{scope}:throttle_window";

    /// <summary>The time of the last moderated pop: <c>&lt;scope&gt;:throttle_time</c> (§3.2).</summary>
    public static string ThrottleTime(string scope) => $"{scope}:throttle_time";

    /// <summary>A monitor or Rest heartbeat: <c>stats:&lt;component&gt;:self:&lt;host&gt;:&lt;id&gt;</c> (§1.5, §4.1, §5.1).</summary>
    public static string Heartbeat(string component, string host, string processId) => $"stats:{component}:self:{host}:{processId}";

    /// <summary>A crawler heartbeat, without the <c>self</c> part the docs show: <c>stats:crawler:&lt;host&gt;:&lt;spider&gt;:&lt;id&gt;</c> (§2.6).</summary>
    public static string CrawlerHeartbeat(string host, string spider, string processId) => $"stats:crawler:{host}:{spider}:{processId}";

    /// <summary>A monitor counter: <c>stats:&lt;component&gt;:&lt;name&gt;:&lt;window seconds|lifetime&gt;</c> (§1.5).</summary>
    public static string ComponentStats(string component, string name, string window) => $"stats:{component}:{name}:{window}";

    /// <summary>A crawler status-code counter: <c>stats:crawler:&lt;host&gt;:&lt;spider&gt;:&lt;status&gt;:&lt;window|lifetime&gt;</c> (§2.8).</summary>
    public static string CrawlerStatusStats(string host, string spider, int status, string window) => $"stats:crawler:{host}:{spider}:{status}:{window}";

    /// <summary>The window name of the never-rolling HyperLogLog counters.</summary>
    public const string Lifetime = "lifetime";

    /// <summary>A job lock: <c>lock:&lt;key&gt;</c> (§4.1).</summary>
    public static string Lock(string key) => $"lock:{key}";

    /// <summary>A job's failure counter: <c>lock:&lt;key&gt;:failures</c> (§4.1).</summary>
    public static string LockFailures(string key) => $"lock:{key}:failures";

    /// <summary>The list a released lock pushes to: <c>lock-signal:&lt;key&gt;</c> (§4.1).</summary>
    public static string LockSignal(string key) => $"lock-signal:{key}";

    /// <summary>A stored answer awaiting <c>/poll</c>: <c>rest:poll:&lt;uuid&gt;</c> (§5.2).</summary>
    public static string RestPoll(string uuid) => $"rest:poll:{uuid}";
}
