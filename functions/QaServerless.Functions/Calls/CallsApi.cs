using QaServerless.Hosting;

namespace QaServerless.Calls;

/// <summary>Calls: ingestion (blob triggers) and the read API. The ingestion work fills this in.</summary>
public static class CallsApi
{
    public static IServiceCollection AddCalls(this IServiceCollection services) => services
        .AddTable(CallStore.CallsTable)
        .AddTable(CallStore.CallsByAgentTable)
        .AddTable(CallStore.LocatorsTable)
        .AddTable(CallStore.VersionsTable)
        .AddSingleton<CallStore>();

    public static IEndpointRouteBuilder MapCalls(this IEndpointRouteBuilder app) => app;
}
