// The tests run on the embedded PostgreSQL, which runs on Linux and macOS.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
