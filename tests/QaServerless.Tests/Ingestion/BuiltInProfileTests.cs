using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using QaServerless.Calls;
using QaServerless.Tests.Infrastructure;
using static QaServerless.Tests.Ingestion.IngestionHelpers;

namespace QaServerless.Tests.Ingestion;

/// <summary>
/// The built-in profiles on exports written from the vendors' documentation (Fixtures/): each file uploaded into the
/// profile's folder of call-records on Azurite, through IngestCallBatch and ImportCallBatch, and every stored field of
/// every call checked against a mapping done by hand from the file.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BuiltInProfileTests(AppFixture app)
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ingestion", "Fixtures", name));

    /// <summary>The customer key a built-in profile stores for a raw number: SHA-256 of the center and the number (never the number).</summary>
    private static string Key(string center, string raw) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{center}\n{raw.ToLowerInvariant()}")));

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One JSON value a line, as Connect or a Genesys job writes JSON lines.</summary>
    private static string AsJsonLines(string concatenated, bool unwrapPage)
    {
        var lines = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(concatenated), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
            using (var doc = JsonDocument.ParseValue(ref reader))
            {
                var values = unwrapPage ? doc.RootElement.GetProperty("conversations").EnumerateArray().ToList() : [doc.RootElement];
                lines.AddRange(values.Select(v => JsonSerializer.Serialize(v)));
            }
        return string.Join("\n", lines) + "\n";
    }

    [Theory]
    [InlineData("ctr-2026-11-19-0001")] // as Kinesis Data Firehose names S3 objects: no extension, one object after another
    [InlineData("ctr-2026-11-19.jsonl")]
    public async Task AmazonConnectContactRecordsAreStoredAsMappedByHand(string fileName)
    {
        var center = (await NewCenterAsync(app)).CenterId;
        var file = Fixture("amazon-connect-ctr.json");
        var content = fileName.EndsWith(".jsonl") ? AsJsonLines(file, unwrapPage: false) : file;

        var response = await IngestCdrAsync(app, $"{center}/amazon-connect/2026/11/19/{fileName}", content);

        var log = Assert.Single(response.Logs);
        Assert.True(log.Contains("read 5, ingested 5, rejected 0"), log);
        const string recordings = "qa-connect-recordings/connect/qa-center";
        Call[] expected =
        [
            new() // inbound voice, answered by jdoe after 9 s in queue 咨询; the recording as Recordings[0].Location
            {
                CenterId = center, CallId = "5ca32fbd-8f92-46af-92a5-6b0f970f0efe", AgentId = "jdoe", Team = "team-a", BusinessType = "咨询",
                Direction = CallDirection.Inbound, Start = At("2026-11-19T02:00:00Z"), TalkSeconds = 183, HoldSeconds = 12, AfterCallWorkSeconds = 31,
                QueueSeconds = 9, Abandoned = false, CustomerKey = Key(center, "+8613812345678"), Channel = "voice",
                AudioBlob = $"{center}/{recordings}/CallRecordings/2026/11/19/5ca32fbd-8f92-46af-92a5-6b0f970f0efe_20261119T02:00_UTC.wav",
            },
            new() // outbound: the business type from the contact attribute, before the queue's name
            {
                CenterId = center, CallId = "9b7e3c2a-1d4f-4a6b-8c5e-2f3a4b5c6d7e", AgentId = "asmith", Team = "team-b", BusinessType = "回访",
                Direction = CallDirection.Outbound, Start = At("2026-11-19T03:10:00Z"), TalkSeconds = 240, HoldSeconds = 30, AfterCallWorkSeconds = 45,
                QueueSeconds = 0, CustomerKey = Key(center, "+8613912345678"), Channel = "voice",
                AudioBlob = $"{center}/{recordings}/CallRecordings/2026/11/19/9b7e3c2a-1d4f-4a6b-8c5e-2f3a4b5c6d7e_20261119T03:10_UTC.wav",
            },
            new() // abandoned in queue after 45 s: no agent, so the profile's defaults
            {
                CenterId = center, CallId = "2e4f6a8c-0b1d-4e3f-9a7b-5c6d7e8f9a0b", AgentId = "unassigned", Team = "unassigned", BusinessType = "咨询",
                Direction = CallDirection.Inbound, Start = At("2026-11-19T04:00:00Z"), TalkSeconds = 0, QueueSeconds = 45, Abandoned = true,
                CustomerKey = Key(center, "+8613712345678"), Channel = "voice",
            },
            new() // the transferred leg: its own contact; team from the routing profile (no hierarchy group), the older Recording field
            {
                CenterId = center, CallId = "6d8f0a2c-4e6b-4c8d-9e0f-1a2b3c4d5e6f", AgentId = "bwong", Team = "billing-experts", BusinessType = "账单",
                Direction = CallDirection.Inbound, Start = At("2026-11-19T02:03:33Z"), TalkSeconds = 95, HoldSeconds = 0, AfterCallWorkSeconds = 20,
                QueueSeconds = 7, CustomerKey = Key(center, "+8613812345678"), Channel = "voice",
                AudioBlob = $"{center}/{recordings}/CallRecordings/2026/11/19/6d8f0a2c-4e6b-4c8d-9e0f-1a2b3c4d5e6f_20261119T02:03_UTC.wav",
            },
            new() // a chat started through the API: channel chat, CSAT from a contact attribute; no customer endpoint. Its "recording"
            {     // is its transcript's S3 key: a text conversation has no audio (its messages come as amazon-connect-chat)
                CenterId = center, CallId = "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d", AgentId = "jdoe", Team = "team-a", BusinessType = "咨询",
                Direction = CallDirection.Inbound, Start = At("2026-11-19T05:00:00Z"), TalkSeconds = 410, AfterCallWorkSeconds = 15, QueueSeconds = 20,
                Csat = 5, Channel = "chat",
            },
        ];
        foreach (var call in expected) Assert.Equal(call, await Store(app).GetAsync(center, call.CallId, default));
        await AssertNoRawNumberStoredAsync(center, "13812345678", "13912345678", "13712345678");
    }

    [Theory]
    [InlineData("conversations-2026-11-19.json")] // a page of the analytics query's answer
    [InlineData("conversations-2026-11-19.jsonl")] // one conversation a line
    public async Task GenesysCloudConversationDetailsAreStoredAsMappedByHand(string fileName)
    {
        var center = (await NewCenterAsync(app)).CenterId;
        var file = Fixture("genesys-conversation-details.json");
        var content = fileName.EndsWith(".jsonl") ? AsJsonLines(file, unwrapPage: true) : file;

        var response = await IngestCdrAsync(app, $"{center}/genesys-cloud/{fileName}", content);

        Assert.Contains("read 5, ingested 5, rejected 0", Assert.Single(response.Logs));
        const string divisionA = "d7e3c1a0-5b2f-4c8e-9a1d-2f6b8c4e0a7d", agentLi = "6b2e4f8a-1c3d-4e5f-9a7b-8c0d2e4f6a8b";
        Call[] expected =
        [
            new() // inbound voice: metrics in milliseconds to whole seconds (183.4 s talk → 183), queue name of the ACD participant
            {
                CenterId = center, CallId = "3f1c9e2a-7b4d-4c8e-a1f0-6d2b5e8c9a01", AgentId = agentLi, Team = divisionA, BusinessType = "咨询",
                Direction = CallDirection.Inbound, Start = At("2026-11-19T01:00:00Z"), TalkSeconds = 183, HoldSeconds = 12, AfterCallWorkSeconds = 31,
                QueueSeconds = 9, CustomerKey = Key(center, "tel:+8613812345678"), Channel = "voice",
            },
            new() // outbound without a queue: the business type from the wrap-up code; 30.5 s hold rounds to 31
            {
                CenterId = center, CallId = "8c2d4e6f-0a1b-4c3d-9e5f-7a8b9c0d1e2f", AgentId = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", Team = divisionA,
                BusinessType = "回访", Direction = CallDirection.Outbound, Start = At("2026-11-19T02:30:00Z"), TalkSeconds = 240, HoldSeconds = 31,
                AfterCallWorkSeconds = 45, CustomerKey = Key(center, "tel:+8613912345678"), Channel = "voice",
            },
            new() // abandoned in queue (tAbandon): no agent, the profile's defaults
            {
                CenterId = center, CallId = "1a3c5e7a-9b0d-4f2e-8c4a-6e8f0a2c4e6a", AgentId = "unassigned", Team = divisionA, BusinessType = "咨询",
                Direction = CallDirection.Inbound, Start = At("2026-11-19T03:00:00Z"), TalkSeconds = 0, QueueSeconds = 45, Abandoned = true,
                CustomerKey = Key(center, "tel:+8613712345678"), Channel = "voice",
            },
            new() // transferred: the agent who finished it, the talk of both agents (60 + 120.6 s)
            {
                CenterId = center, CallId = "5e7a9c1e-3f5b-4d7f-9a1c-3e5a7c9e1b3d", AgentId = "3d5f7b9d-1e3a-4c5e-8b7d-9f1b3d5f7a9c",
                Team = "e8f4d2b1-6c3a-4d9f-8b2e-3a7c9d5f1b8e", BusinessType = "账单", Direction = CallDirection.Inbound, Start = At("2026-11-19T04:00:00Z"),
                TalkSeconds = 181, AfterCallWorkSeconds = 20, QueueSeconds = 7, CustomerKey = Key(center, "tel:+8613812345678"), Channel = "voice",
            },
            new() // a web chat: channel chat, no customer number
            {
                CenterId = center, CallId = "9d1f3b5d-7e9a-4c1e-8f3b-5d7f9b1d3f5b", AgentId = agentLi, Team = divisionA, BusinessType = "咨询",
                Direction = CallDirection.Inbound, Start = At("2026-11-19T05:00:00Z"), TalkSeconds = 410, AfterCallWorkSeconds = 15, QueueSeconds = 20,
                Channel = "chat",
            },
        ];
        foreach (var call in expected) Assert.Equal(call, await Store(app).GetAsync(center, call.CallId, default));
        await AssertNoRawNumberStoredAsync(center, "13812345678", "13912345678", "13712345678");
    }

    /// <summary>The customers' numbers are in the files; no stored call row holds one (only their keyed hash).</summary>
    private async Task AssertNoRawNumberStoredAsync(string center, params string[] numbers)
    {
        var table = app.TableService.GetTableClient(CallStore.CallsTable);
        var partition = CallKeys.DayPartition(center, new DateOnly(2026, 11, 19));
        var rows = 0;
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows++;
            foreach (var value in row.Select(kv => kv.Value).OfType<string>())
                Assert.DoesNotContain(numbers, n => value.Contains(n));
        }
        Assert.True(rows >= 5, $"expected the calls' rows in {partition}, found {rows}");
    }
}
