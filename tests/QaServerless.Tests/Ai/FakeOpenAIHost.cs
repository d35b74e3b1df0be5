using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QaServerless.Ai.PreScoring;
using QaServerless.FakeOpenAI;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Ai;

public static class FakeOpenAIHost
{
    /// <summary>The app on the shared Azurite, talking to the fake OpenAI (quick retries) and pre-scoring on the demo card.</summary>
    public static WebApplicationFactory<Program> WithFakeOpenAI(this AppFixture app, FakeOpenAIServer fake) => app.WithWebHostBuilder(b =>
    {
        b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenAI:Endpoint"] = fake.Endpoint.ToString(),
            ["OpenAI:ApiKey"] = FakeOpenAIServer.ApiKey,
            ["OpenAI:MaxAttempts"] = "3",
            ["OpenAI:BackoffSeconds"] = "0.05",
        }));
        b.ConfigureServices(s => s.AddSingleton<IPreScoringCardSource, DemoCardSource>());
    });
}
