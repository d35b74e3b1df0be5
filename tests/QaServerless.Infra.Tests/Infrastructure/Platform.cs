// The checks run the linux-x64 Bicep CLI and a linux-x64 package: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
