using Microsoft.Extensions.Logging;

namespace CrawlCluster.Core.Logging;

/// <summary>
/// In-process listeners on the log stream, as the original log factory's <c>register_callback</c>: a callback fires
/// with the message and the record's extras when the level passes its <see cref="LevelExpression"/> and every
/// criterion equals the extra of the same name.
/// </summary>
/// <remarks>Callbacks run after the level threshold of the logger itself, on the logging thread; keep them short.</remarks>
internal sealed class LogCallbacks
{
    private readonly Lock _gate = new();
    private Registration[] _registrations = [];

    /// <summary>Registers a callback.</summary>
    /// <param name="levelExpression">Which levels fire it, e.g. <c>&gt;=INFO</c>.</param>
    /// <param name="callback">Receives the rendered message and the extras.</param>
    /// <param name="criteria">Extras that must be present with equal values; null or empty matches everything.</param>
    /// <returns>Disposing it removes the callback.</returns>
    public IDisposable Register(string levelExpression, Action<string, IReadOnlyDictionary<string, object?>> callback,
        IReadOnlyDictionary<string, object?>? criteria = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var registration = new Registration(LevelExpression.Parse(levelExpression), callback, criteria ?? new Dictionary<string, object?>(), this);
        lock (_gate)
        {
            _registrations = [.. _registrations, registration];
        }

        return registration;
    }

    /// <summary>Whether any callback is registered (lets sinks skip building extras).</summary>
    public bool IsEmpty => Volatile.Read(ref _registrations).Length == 0;

    /// <summary>Offers one record to every registered callback.</summary>
    public void Dispatch(LogLevel level, string message, IReadOnlyDictionary<string, object?> extras)
    {
        foreach (var registration in Volatile.Read(ref _registrations))
        {
            if (registration.Level.Matches(level) && Satisfies(registration.Criteria, extras))
            {
                registration.Callback(message, extras);
            }
        }
    }

    private static bool Satisfies(IReadOnlyDictionary<string, object?> criteria, IReadOnlyDictionary<string, object?> extras)
    {
        foreach (var (key, expected) in criteria)
        {
            if (!extras.TryGetValue(key, out var actual) || !ValuesEqual(expected, actual))
            {
                return false;
            }
        }

        return true;
    }

    // Extras arrive as whatever the logger captured (int, long, string...); compare numbers by value.
    private static bool ValuesEqual(object? expected, object? actual) =>
        Equals(expected, actual)
        || (expected is IConvertible && actual is IConvertible && IsNumber(expected) && IsNumber(actual)
            && Convert.ToDecimal(expected, System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDecimal(actual, System.Globalization.CultureInfo.InvariantCulture))
        || string.Equals(expected?.ToString(), actual?.ToString(), StringComparison.Ordinal) && expected is string;

    private static bool IsNumber(object value) => value is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal;

    private void Remove(Registration registration)
    {
        lock (_gate)
        {
            _registrations = [.. _registrations.Where(r => r != registration)];
        }
    }

    private sealed record Registration(LevelExpression Level, Action<string, IReadOnlyDictionary<string, object?>> Callback,
        IReadOnlyDictionary<string, object?> Criteria, LogCallbacks Owner) : IDisposable
    {
        public void Dispose() => Owner.Remove(this);
    }
}
