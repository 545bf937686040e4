namespace CrawlCluster.Crawler.Robots;

/// <summary>What the crawler knows of a site's robots.txt: its rules, or why they could not be read.</summary>
/// <param name="Rules">The rules; <see cref="RobotsTxt.AllowAll"/> when the site has none (a 4xx answer).</param>
/// <param name="Unreachable">Why the file could not be read (a 5xx answer, DNS, refused, timeout, TLS), else null.</param>
internal sealed record RobotsVerdict(RobotsTxt Rules, string? Unreachable = null);
