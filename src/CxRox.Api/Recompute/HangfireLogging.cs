using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace CxRox.Api.Recompute;

/// <summary>
/// Hangfire logs through one process-wide provider (a static), which AddHangfire points at the
/// logger factory of the host that configured it last. A process that runs several hosts (the
/// tests run one per test class) would then log, and fail with ObjectDisposedException inside
/// Hangfire's workers, through a host already disposed. This provider asks at every message for
/// the logger factory of a host still running (the one running host, in a service), and drops
/// the message when there is none.
/// </summary>
public sealed class HangfireLogging : Hangfire.Logging.ILogProvider
{
    private static readonly Lock Gate = new();
    private static readonly List<ILoggerFactory> Running = [];

    public static HangfireLogging Instance { get; } = new();

    private HangfireLogging()
    {
    }

    /// <summary>Hangfire's messages go to <paramref name="loggerFactory"/> until the returned registration is disposed.</summary>
    public static IDisposable Register(ILoggerFactory loggerFactory)
    {
        lock (Gate)
        {
            Running.Add(loggerFactory);
        }
        return new Registration(loggerFactory);
    }

    public Hangfire.Logging.ILog GetLogger(string name) => new RunningHostLog(name);

    private static ILoggerFactory? Current()
    {
        lock (Gate)
        {
            return Running.Count == 0 ? null : Running[^1];
        }
    }

    private sealed class Registration(ILoggerFactory loggerFactory) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                Running.Remove(loggerFactory);
            }
        }
    }

    private sealed class RunningHostLog(string name) : Hangfire.Logging.ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (Current() is not { } factory)
            {
                return false;
            }
            var level = logLevel switch
            {
                HangfireLogLevel.Trace => LogLevel.Trace,
                HangfireLogLevel.Debug => LogLevel.Debug,
                HangfireLogLevel.Info => LogLevel.Information,
                HangfireLogLevel.Warn => LogLevel.Warning,
                HangfireLogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            try
            {
                var logger = factory.CreateLogger(name);
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }
                if (logger.IsEnabled(level))
                {
#pragma warning disable CA1848, CA2254 // Hangfire hands over finished text, not a template.
                    logger.Log(level, exception, messageFunc());
#pragma warning restore CA1848, CA2254
                }
                return true;
            }
            catch (ObjectDisposedException)
            {
                // The host was disposed between the lookup and the message.
                return false;
            }
        }
    }
}
