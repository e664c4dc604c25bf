using System;

// This app is meant to be built, not run: the interesting output is the compiler's.
// Each *Mistakes.cs file holds code that SocketVsHttp flags, marked with the rule ID.
Console.WriteLine("NetworkMistakes: build me to see the SocketVsHttp warnings:");
Console.WriteLine("  dotnet build samples/NetworkMistakes --no-incremental");
Console.WriteLine("HttpMistakes.cs      SVH101-SVH112: HttpClient, handler and response misuse, blocking, TLS, timeouts, WebClient");
Console.WriteLine("SocketMistakes.cs    SVH201-SVH210: close not detected, count discarded, no disconnect handling, Connected as liveness, no keep-alive, a connection per message, partial send, socket leaked on failure, connection never closed");
Console.WriteLine("WebSocketMistakes.cs SVH301, SVH302: WebSocket receive loop that ignores Close, message handled per frame");
