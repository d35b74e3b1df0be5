using System.IO.Compression;
using System.Text.Json.Nodes;
using QaServerless.Infra.Tests.Infrastructure;

namespace QaServerless.Infra.Tests.Package;

/// <summary>The package infra/package.sh builds (what azd deploys) holds what the Functions host needs at its root.</summary>
[Collection(PackageCollection.Name)]
public sealed class DeploymentPackageTests(PackageFixture package)
{
    private string ExecutableName =>
        (string)JsonNode.Parse(File.ReadAllText(Path.Combine(package.Directory, "host.json")))!["customHandler"]!["description"]!["defaultExecutablePath"]!;

    [Fact]
    public void HostJsonIsAtThePackageRoot()
    {
        var packaged = Path.Combine(package.Directory, "host.json");
        Assert.True(File.Exists(packaged));
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "host.json")), File.ReadAllText(packaged));
    }

    [Fact]
    public void EveryFunctionFolderIsAtTheRootWithItsFunctionJson()
    {
        var expected = Repository.FunctionDefinitions();
        Assert.Contains("Api", expected.Keys);
        foreach (var (name, source) in expected)
        {
            var packaged = Path.Combine(package.Directory, name, "function.json");
            Assert.True(File.Exists(packaged), $"function {name} is missing from the package root");
            Assert.Equal(File.ReadAllText(source), File.ReadAllText(packaged));
        }
        // Nothing else looks like a function to the host (a stray folder with a function.json, e.g. a feature folder).
        var packagedFunctions = Directory.EnumerateFiles(package.Directory, "function.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(package.Directory, path)).Order().ToList();
        Assert.Equal(expected.Keys.Select(name => Path.Combine(name, "function.json")).Order(), packagedFunctions);
    }

    [Fact]
    public void TheHandlerNamedInHostJsonIsALinuxExecutableWithItsRunBit()
    {
        var path = Path.Combine(package.Directory, ExecutableName);
        Assert.True(File.Exists(path), $"host.json names {ExecutableName}, which is not in the package");
        Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), "the handler has no run bit");
        var magic = new byte[4];
        using (var stream = File.OpenRead(path)) stream.ReadExactly(magic);
        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], magic);
    }

    [Fact]
    public void TheZipHoldsTheSameFilesAndKeepsTheRunBit()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).Order().ToList();
        var files = Directory.EnumerateFiles(package.Directory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(package.Directory, path).Replace('\\', '/')).Order().ToList();
        Assert.Equal(files, entries);
        var handler = zip.GetEntry(ExecutableName)!;
        var mode = (UnixFileMode)((handler.ExternalAttributes >> 16) & 0x1FF);
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute), "the zipped handler lost its run bit");
    }
}
