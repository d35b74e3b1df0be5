using System.Collections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace QaServerless.Privacy;

/// <summary>
/// Logs never print personal data in clear: every logger the app (and ASP.NET Core, whose request lines carry call ids
/// in paths) creates writes through <see cref="MaskingLoggerFactory"/>, which masks the message, the structured values,
/// scopes and exception text with <see cref="PiiMasker"/> before any provider sees them. One place for every log line,
/// rather than a mask at each call site that a new one would forget.
/// </summary>
public static class MaskedLogging
{
    /// <summary>Wraps the logger factory (so providers added later, the console's and a test's alike, are covered).</summary>
    public static IServiceCollection AddMaskedLogging(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new MaskingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(), sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(), sp.GetService<IExternalScopeProvider>()))));
        return services;
    }
}

public sealed class MaskingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new MaskingLogger(inner.CreateLogger(categoryName));
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);
    public void Dispose() => inner.Dispose();

    private sealed class MaskingLogger(ILogger inner) : ILogger
    {
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            state is IReadOnlyList<KeyValuePair<string, object?>> values ? inner.BeginScope(new MaskedValues(values, PiiMasker.Mask(state.ToString() ?? "")))
            : inner.BeginScope(PiiMasker.Mask(state.ToString() ?? ""));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var message = PiiMasker.Mask(formatter(state, exception));
            var masked = state is IReadOnlyList<KeyValuePair<string, object?>> values ? new MaskedValues(values, message) : new MaskedValues([], message);
            inner.Log(logLevel, eventId, masked, exception is null ? null : new MaskedException(exception), static (s, _) => s.ToString());
        }
    }

    /// <summary>The structured values of a log entry, each masked (numbers too: a phone logged as a long), the template kept.</summary>
    private sealed class MaskedValues(IReadOnlyList<KeyValuePair<string, object?>> values, string message) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public KeyValuePair<string, object?> this[int index] => values[index] is var (key, value) && key != "{OriginalFormat}" && value is not null
            ? new(key, PiiMasker.Mask(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""))
            : values[index];
        public int Count => values.Count;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() { for (var i = 0; i < Count; i++) yield return this[i]; }
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => message;
    }

    /// <summary>An exception as logs print it (type, message, stack), masked: storage errors quote blob names and keys.</summary>
    private sealed class MaskedException(Exception original) : Exception(PiiMasker.Mask(original.Message))
    {
        private readonly string text = PiiMasker.Mask(original.ToString());
        public override string? StackTrace => null;
        public override string ToString() => text;
    }
}
