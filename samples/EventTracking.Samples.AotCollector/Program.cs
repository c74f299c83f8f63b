// The smallest collector: the routing tree (a SQLite store) and the API keys come from appsettings.json. CI publishes it
// with Native AOT, posts an event to it and reads the event back from the SQLite file (.ci/after/35-aot-web.sh).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddEventTracking(builder.Configuration.GetSection("EventTracking"));
builder.Services.AddEventCollector(builder.Configuration.GetSection("Collector"));

var app = builder.Build();
app.UseEventTracking();
app.MapEventCollector();
app.Run();
