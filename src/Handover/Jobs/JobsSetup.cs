using Handover.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Handover.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Durable jobs on Quartz with the ADO store in the product's own database (tables QRTZ_*, created by our migrations).
    /// On PostgreSQL the scheduler is clustered: several hosts share the store and each firing runs on one of them.
    /// </summary>
    public static IServiceCollection AddDurableJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddSingleton(new MigrationSource("quartz", typeof(JobsSetup).Assembly, "Handover.Jobs.Migrations."));
        services.AddOptions<JobRetryOptions>().Bind(configuration.GetSection(JobRetryOptions.Section));
        services.TryAddSingleton<IJobScheduler, QuartzJobScheduler>();
        services.AddSingleton<JobRunner>();
        services.AddTransient<QuartzDispatchJob>();

        var postgres = connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase);
        services.AddQuartz(q =>
        {
            // Quartz runs on the host's TimeProvider without a line here: given no UseTimeProvider, Quartz 4.7 takes the
            // container's (AddHandoverCore's, or the manual clock a test registers), for due times and for its scheduler
            // loop's waits. UseTimeProvider takes an instance now, at registration, and would pin Quartz to the clock
            // registered so far even after a host or test replaces it. QuartzManualClockTests hold Quartz to this.
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "handover";
                o.GenerateInstanceId = postgres;
            });
            q.UsePersistentStore(store =>
            {
                if (postgres)
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(c => c.Enabled = true);
                }
                else
                {
                    store.UseSqlite(connectionString);
                }
                store.UseSystemTextJsonSerializer(_ => { });
                store.ConfigureStore(o => o.TablePrefix = "QRTZ_");
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
