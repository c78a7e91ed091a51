using System.Diagnostics;
using Switchboard.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (HelpRequestedException)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// Progress goes to stderr; stdout carries only the Markdown report.
var clock = Stopwatch.StartNew();
void Progress(string line) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {line}");

var serverDll = Path.GetFullPath(options.ServerDll ?? RepoPaths.DefaultServerDll);
var workRoot = Path.Combine(Path.GetTempPath(), "switchboard-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(workRoot);
try
{
    Progress($"server {serverDll}; data folders under {workRoot}; {Environment.ProcessorCount} cores, {options.Clients} clients");
    if (RepoPaths.Configuration != "Release" && options.ServerDll is null)
    {
        Progress("warning: this is a Debug build of the bench and the server; use `dotnet run -c Release` for numbers worth comparing");
    }

    if (options.Only == "chat")
    {
        var chatOnly = await ChatBench.RunAsync(serverDll, workRoot, options, Progress);
        var chatReport = Report.RenderHeader(Report.DescribeMachine(serverDll), "Switchboard benchmark results: chat only (`--only chat`)") + ChatBench.Render(chatOnly);
        Console.WriteLine(chatReport);
        if (options.WriteReport && options.Output is not null)
        {
            var path = Path.GetFullPath(options.Output);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, chatReport);
            Progress($"written to {path}");
        }

        Progress("done");
        return 0;
    }

    ThroughputResults throughput;
    PairedResult password;
    LoadMemory afterLoad;
    var loadData = Path.Combine(workRoot, "load");
    await using (var server = ServerProcess.Start(serverDll, loadData, RepoPaths.Seed, options.ServerEnvironment))
    {
        var up = await server.WaitForFirstAnswerAsync(TimeSpan.FromSeconds(60));
        Progress($"load server up in {up.TotalMilliseconds:0} ms (pid {server.Pid}, {server.BaseAddress})");
        throughput = await TokenThroughput.RunAsync(server, options, Progress);
        password = await PasswordRate.RunAsync(server, options, Progress);
        afterLoad = new LoadMemory(server.ResidentBytes / (1024.0 * 1024.0), server.PeakResidentBytes / (1024.0 * 1024.0));
    }

    Progress("server steps in-process, one thread (diagnostic)");
    IReadOnlyList<ComponentCost>? components = null;
    try
    {
        components = await ServerComponents.MeasureAsync(loadData, Progress);
    }
    catch (Exception e) when (e is InvalidOperationException or InvalidCastException or NullReferenceException or IOException)
    {
        Progress($"  skipped: {e.Message}");
    }

    Progress("Teams user exchange (communication identity service)");
    var exchange = await ExchangeThroughput.RunAsync(serverDll, Path.Combine(workRoot, "exchange"), options, Progress);

    Progress("chat: message ingest and live delivery");
    var chat = await ChatBench.RunAsync(serverDll, workRoot, options, Progress);

    var starts = await ColdStart.RunAsync(serverDll, workRoot, options, Progress);
    var report = Report.Render(new ReportData(Report.DescribeMachine(serverDll), options, throughput, password, afterLoad, components, starts))
        + ExchangeThroughput.Render(exchange)
        + ChatBench.Render(chat);
    Console.WriteLine(report);
    if (options.WriteReport)
    {
        var path = Path.GetFullPath(options.Output ?? RepoPaths.DefaultReport);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report);
        Progress($"written to {path}");
    }

    Progress("done");
    return 0;
}
finally
{
    try
    {
        Directory.Delete(workRoot, recursive: true);
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"Could not remove {workRoot}: {e.Message}");
    }
}
