using System.Text.Json;
using QaServerless.Hosting;

namespace QaServerless.Tests.Hosting;

/// <summary>The envelope as the Functions host shapes it (docs in shared host-contract): strings arrive JSON-encoded twice.</summary>
public sealed class HostInvocationTests
{
    [Fact]
    public void BlobTriggerContentArrivesTwiceEncodedAndIsDecodedOnce()
    {
        const string payload = """
        {"Data":{"manifest":"{\"callId\":\"c-1\",\"talkSeconds\":42}"},
         "Metadata":{"Uri":"\"http://127.0.0.1:10000/devstoreaccount1/recordings/sh/2026/11/19/c-1.json\"","name":"\"c-1\"",
                     "sys":{"MethodName":"IngestCallRecord","UtcNow":"2026-11-20T01:00:00Z","RandGuid":"0f8fad5b-d9cb-469f-a165-70867728950e"}}}
        """;
        var invocation = JsonSerializer.Deserialize<HostInvocation>(payload, HostJson.Options)!;

        Assert.Equal("""{"callId":"c-1","talkSeconds":42}""", invocation.DataText("manifest"));
        Assert.Equal(42, invocation.DataAs<JsonElement>("manifest").GetProperty("talkSeconds").GetInt32());
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/recordings/sh/2026/11/19/c-1.json", invocation.MetadataText("Uri"));
        Assert.Equal("c-1", invocation.MetadataText("name"));
    }

    [Fact]
    public void ObjectValuesAndNumbersAreReadAsTheyCome()
    {
        const string payload = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"IsPastDue":false}},"Metadata":{"DeliveryCount":3}}
        """;
        var invocation = JsonSerializer.Deserialize<HostInvocation>(payload, HostJson.Options)!;

        Assert.False(invocation.DataAs<JsonElement>("timer").GetProperty("IsPastDue").GetBoolean());
        Assert.Equal(3, invocation.MetadataInt("DeliveryCount"));
        Assert.Null(invocation.DataText("missing"));
    }

    [Fact]
    public void ResponseUsesTheHostsPropertyNames()
    {
        var json = JsonSerializer.Serialize(new HostResponse().Output("out", new[] { new { callId = "c-1" } }).Log("done"), HostJson.Options);
        using var doc = JsonDocument.Parse(json);
        Assert.True(doc.RootElement.TryGetProperty("Outputs", out var outputs));
        Assert.Equal("c-1", outputs.GetProperty("out")[0].GetProperty("callId").GetString());
        Assert.Equal("done", doc.RootElement.GetProperty("Logs")[0].GetString());
    }
}
