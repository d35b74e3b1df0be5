using Microsoft.Extensions.Logging;

namespace QaServerless.LocalHost.Demo;

public sealed record DemoSummary(int Centers, int Agents, int Inspectors, int HistoryCalls, int RecentCalls);

/// <summary>Loads demo data into a running local host: reference data through the HTTP API, calls through blob storage.</summary>
public sealed class DemoLoader(string storageConnectionString, Uri hostAddress, ILogger<DemoLoader> log)
{
    public Task<DemoSummary> LoadAsync(DemoDataSet data, CancellationToken ct)
    {
        _ = storageConnectionString; _ = hostAddress;
        log.LogInformation("Demo data: not loaded yet ({Centers} centers)", data.Centers.Count);
        return Task.FromResult(new DemoSummary(data.Centers.Count, 0, 0, 0, 0));
    }

    public static string Instructions(string apiUrl, DemoSummary? summary) =>
        $"""

        QaServerless local host is running.
          API:      {apiUrl}   (health: {apiUrl}/health)
          Admin:    POST {apiUrl[..^4]}/admin/functions/<Name> {"{"}"input": "..."{"}"} runs a non-HTTP function now
          Stop:     Ctrl+C (Azurite and the handler stop with it)
        {(summary is null ? "" : $"  Demo:     {summary.Centers} centers, {summary.Agents} agents, {summary.Inspectors} inspectors, {summary.HistoryCalls} history calls, {summary.RecentCalls} recent calls with audio")}
        """;
}
