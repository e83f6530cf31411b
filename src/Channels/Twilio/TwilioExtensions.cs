using Handover.Events;
using Handover.Outbox;
using Handover.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Channels.Twilio;

/// <summary>
/// Shoppers on SMS and WhatsApp, agents on their own phones, through Twilio. Off when the "Twilio" section is absent.
/// The host provides the core (<c>AddHandoverCore</c>) and runs the <see cref="Migrator"/>.
/// </summary>
public static class TwilioExtensions
{
    public static IHostApplicationBuilder AddTwilio(this IHostApplicationBuilder builder)
    {
        if (!builder.Configuration.GetSection(TwilioOptions.Section).Exists())
            return builder;
        var services = builder.Services;
        // A misspelt or renamed key (Pacing:Sms is now Pacing:LongCode) stops the start instead of silently keeping a default.
        services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.Section, binder => binder.ErrorOnUnknownConfiguration = true).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new MigrationSource("twilio", typeof(TwilioExtensions).Assembly, "Channels.Twilio.Migrations."));

        services.AddHttpClient<TwilioApi>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<InboundStore>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<ShortCodes>();
        services.AddSingleton<Pacer>();
        services.AddSingleton<WhatsAppWindow>();
        services.AddSingleton<AgentDesk>();
        services.AddSingleton<AgentTexts>();
        services.AddHostedService(provider => provider.GetRequiredService<AgentTexts>());
        services.AddSingleton<InboundProcessor>();
        services.AddHostedService(provider => provider.GetRequiredService<InboundProcessor>());
        services.AddSingleton<IConversationEventHandler, AgentNotifier>();

        foreach (var channel in new[] { TwilioChannels.Sms, TwilioChannels.WhatsApp, TwilioChannels.SmsAgent, TwilioChannels.WhatsAppAgent })
            services.AddSingleton<IChannelSender>(provider => ActivatorUtilities.CreateInstance<TwilioSender>(provider, channel));
        return builder;
    }

    public static IEndpointRouteBuilder MapTwilio(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<InboundProcessor>() is null)
            return endpoints;
        return endpoints.MapTwilioWebhooks();
    }
}
