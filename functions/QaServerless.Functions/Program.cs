using QaServerless;

var builder = WebApplication.CreateBuilder(args);

// The Functions host tells a custom handler which port to listen on; locally the local host does the same.
if (Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") is { Length: > 0 } port)
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

builder.AddApplicationServices();

var app = builder.Build();

app.MapApplication();

app.Run();

public partial class Program;
