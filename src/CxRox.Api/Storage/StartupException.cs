namespace CxRox.Api.Storage;

/// <summary>
/// The service cannot start, for a reason a person can act on (install PostgreSQL, free a data
/// folder, restore a migration): the message says what and how, and no stack trace is needed.
/// </summary>
public abstract class StartupException(string message, Exception? inner = null) : Exception(message, inner);
