namespace QaServerless.LocalHost;

/// <summary>Command line of the local host. <c>--help</c> prints it.</summary>
public sealed record LocalHostOptions
{
    public int Port { get; init; } = 7071;
    public bool Demo { get; init; }
    public int MaxDeliveryCount { get; init; } = 10;
    public int DemoSeed { get; init; } = 20261120;
    public int DemoDays { get; init; } = 30;
    public bool Help { get; init; }
    /// <summary>Off: no fake Azure OpenAI (analyses recorded as Disabled). A configured OpenAI__Endpoint wins either way.</summary>
    public bool Ai { get; init; } = true;

    public const string Usage =
        """
        QaServerless local host: stands in for the Azure Functions host (dev tool, never deployed).

          dotnet run --project functions/QaServerless.LocalHost -- [options]

          --demo                    load deterministic demo data (2 centers, ~200 agents, ~30 days of calls)
          --port <n>                HTTP port for /api/* and /admin/* (default 7071)
          --max-delivery-count <n>  Service Bus stand-in: deliveries before dead-lettering (default 10)
          --demo-seed <n>           seed of the demo data (default 20261120)
          --demo-days <n>           days of demo call history (default 30)
          --no-ai                   do not start the local fake Azure OpenAI (AI analyses are recorded as Disabled)

        Storage: AzureWebJobsStorage (environment) if set, else an in-memory Azurite started and stopped with the host.
        AI: OpenAI__Endpoint (environment) if set, passed on to the handler with the other OpenAI__* settings; else a
            local fake Azure OpenAI endpoint started and stopped with the host.
        """;

    public static LocalHostOptions Parse(string[] args)
    {
        var options = new LocalHostOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number() { var flag = args[i]; var v = Next(); return int.TryParse(v, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} needs a positive number, not '{v}'."); }
            options = args[i] switch
            {
                "--demo" => options with { Demo = true },
                "--port" => options with { Port = Number() },
                "--max-delivery-count" => options with { MaxDeliveryCount = Number() },
                "--demo-seed" => options with { DemoSeed = Number() },
                "--demo-days" => options with { DemoDays = Number() },
                "--no-ai" => options with { Ai = false },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return options;
    }
}
