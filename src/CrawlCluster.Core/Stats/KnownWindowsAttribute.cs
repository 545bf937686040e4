using System.ComponentModel.DataAnnotations;

namespace CrawlCluster.Core.Stats;

/// <summary>Validates that every entry of a <c>STATS_TIMES</c> list is a known window name.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class KnownWindowsAttribute : ValidationAttribute
{
    /// <inheritdoc/>
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var unknown = (value as IEnumerable<string> ?? []).Where(n => !StatsWindows.Seconds.ContainsKey(n)).ToList();
        return unknown.Count == 0
            ? ValidationResult.Success
            : new ValidationResult($"unknown window {string.Join(", ", unknown)} (known: {string.Join(", ", StatsWindows.Seconds.Keys)})",
                [validationContext.MemberName!]);
    }
}
