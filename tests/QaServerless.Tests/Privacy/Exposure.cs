using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace QaServerless.Tests.Privacy;

/// <summary>Counts the places a test looked at (answers, files, log lines) and the corpus numbers it found there in clear.</summary>
internal sealed class Exposure(ITestOutputHelper output)
{
    private readonly List<string> found = [];
    public int Places { get; private set; }

    public void Check(string place, string text)
    {
        Places++;
        foreach (var n in PersonalDataCorpus.FindInClear(text)) found.Add($"{place}: {n.Kind} {n.Value}");
    }

    public void CheckJson(string place, string json) => Check(place, PersonalDataCorpus.JsonText(json));

    public void CheckLines(string place, IEnumerable<string> lines)
    {
        foreach (var line in lines) Check(place, line);
    }

    /// <summary>Prints the figures for the closing note and fails with the first places where a number showed in clear.</summary>
    public void AssertNothingInClear(string what, int corpusWritings)
    {
        output.WriteLine($"{what}: corpus of {PersonalDataCorpus.Numbers.Count} numbers in {corpusWritings} writings; {Places} places checked; {found.Count} in clear");
        Assert.True(found.Count == 0, $"{found.Count} numbers in clear, e.g.:\n" + string.Join("\n", found.Take(15)));
    }
}

/// <summary>
/// A logger provider added to the app's logger factory at run time: it keeps the lines every logger writes while a
/// test runs (message, structured values, exception), as a log sink would receive them.
/// </summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();
    private volatile bool recording = true;

    public IReadOnlyCollection<string> Lines => lines;

    public static LogCapture AttachTo(IServiceProvider services)
    {
        var capture = new LogCapture();
        services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        return capture;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Stops recording (a logger factory keeps its providers for the life of the host).</summary>
    public void Dispose() => recording = false;

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            if (capture.recording) capture.lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => capture.recording;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!capture.recording) return;
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> kv ? string.Join(" | ", kv.Select(p => $"{p.Key}={p.Value}")) : "";
            capture.lines.Enqueue($"{category}: {formatter(state, exception)} [{values}]{(exception is null ? "" : "\n" + exception)}");
        }
    }
}
