namespace QaServerless.Workbench;

/// <summary>The workbench feature: the OpenAPI document and reference, the web client, and who is signed in.</summary>
public static class WorkbenchRegistration
{
    public static IServiceCollection AddWorkbench(this IServiceCollection services) => services.AddApiDocumentation();

    public static IEndpointRouteBuilder MapWorkbench(this IEndpointRouteBuilder app)
    {
        app.MapApiDocumentation();
        app.MapSignIn();
        app.MapWorkbenchUi();
        return app;
    }
}
