using Microsoft.AspNetCore.Mvc.Testing;
using QaServerless.FakeOpenAI;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Ai;

/// <summary>
/// Tests of the AI path on the shared app, re-hosted against a fake Azure OpenAI endpoint of their own (the real SDK
/// client speaks the real wire protocol to it): started before the tests, the host built at once, both disposed after.
/// </summary>
public abstract class FakeOpenAIApp(AppFixture app) : IAsyncLifetime
{
    /// <summary>The shared app (its storage and queues), beside the re-hosted <see cref="Ai"/>.</summary>
    protected AppFixture App { get; } = app;
    protected FakeOpenAIServer Fake { get; private set; } = null!;
    protected WebApplicationFactory<Program> Ai { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fake = await FakeOpenAIServer.StartAsync();
        Ai = App.WithFakeOpenAI(Fake);
        _ = Ai.Services;
    }

    public async Task DisposeAsync()
    {
        await Ai.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
