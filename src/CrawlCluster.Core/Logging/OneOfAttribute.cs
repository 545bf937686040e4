using System.ComponentModel.DataAnnotations;

namespace CrawlCluster.Core.Logging;

/// <summary>Validates that a text setting is one of a fixed set of words, ignoring case.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OneOfAttribute(params string[] allowed) : ValidationAttribute
{
    /// <summary>The accepted words.</summary>
    public IReadOnlyList<string> Allowed { get; } = allowed;

    /// <inheritdoc/>
    public override bool IsValid(object? value) =>
        value is null || (value is string s && Allowed.Contains(s, StringComparer.OrdinalIgnoreCase));

    /// <inheritdoc/>
    public override string FormatErrorMessage(string name) => $"must be one of {string.Join(", ", Allowed)}";
}
