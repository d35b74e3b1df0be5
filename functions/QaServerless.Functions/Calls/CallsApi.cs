namespace QaServerless.Calls;

/// <summary>Calls: ingestion (blob triggers) and the read API. The ingestion work fills this in.</summary>
public static class CallsApi
{
    public static IServiceCollection AddCalls(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapCalls(this IEndpointRouteBuilder app) => app;
}
