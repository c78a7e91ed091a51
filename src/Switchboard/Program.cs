using Switchboard.Hosting;

var app = SwitchboardApp.Build(args);
await app.RunAsync();
