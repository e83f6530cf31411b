namespace BotHost.Hosting;

/// <summary>The OpenAPI document of the agent API (/openapi/v1.json) and a browsable page for it (/api/docs).</summary>
internal static class ApiDocs
{
    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Handover agent API";
            document.Info.Description = "Conversations between shoppers, the AI assistant and human agents. Authenticate with 'Authorization: Bearer <agent API token>' (demo: demo-alice, demo-bob, demo-carol, demo-admin).";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "Handover agent API");
            o.RoutePrefix = "api/docs";
            o.DocumentTitle = "Handover agent API";
        });
        return app;
    }
}
