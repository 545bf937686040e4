namespace CrawlCluster.Core.Settings;

/// <summary>
/// The settings cannot be used: a malformed file, an unknown key, or a value of the wrong type or range.
/// Each error is one line that names the key and the layer it came from.
/// </summary>
internal sealed class SettingsException : Exception
{
    /// <summary>Creates the exception from one or more one-line errors.</summary>
    public SettingsException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception from a single one-line error.</summary>
    public SettingsException(string error)
        : this([error])
    {
    }

    /// <summary>The one-line errors.</summary>
    public IReadOnlyList<string> Errors { get; }
}
