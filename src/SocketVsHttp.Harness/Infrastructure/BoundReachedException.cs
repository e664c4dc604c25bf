using System;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>Thrown by a harness callback to stop a variant that would otherwise run forever.</summary>
public sealed class BoundReachedException : Exception
{
    public BoundReachedException()
    {
    }

    public BoundReachedException(string message)
        : base(message)
    {
    }

    public BoundReachedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
