using System.Diagnostics.CodeAnalysis;

// The harness passes its own rules (tests/SocketVsHttp.Analyzers.Tests/Meta/DogfoodingTests.cs): only the Bad.cs files,
// the mistakes it measures, may be flagged. These are the places where the harness does what a rule reports on purpose,
// each scoped to one type and saying why. Bad.cs and Fixed.cs are not edited for this: Fixed.cs is, to the byte, what the
// code fix makes of Bad.cs (Meta/HarnessScenarioFixTests.cs).

// Each measured run gets a client of its own, disposed at its end, so that the bad and the fixed variant never share
// a connection pool and one run's leftovers cannot flatter or spoil the next.
[assembly: SuppressMessage("SocketVsHttp", "SVH101", Scope = "type", Target = "~T:SocketVsHttp.Harness.Scenarios.SVH104.SVH104Scenario", Justification = "One client per measured run, by design.")]
[assembly: SuppressMessage("SocketVsHttp", "SVH102", Scope = "type", Target = "~T:SocketVsHttp.Harness.Scenarios.SVH104.SVH104Scenario", Justification = "One handler per measured run, by design.")]
[assembly: SuppressMessage("SocketVsHttp", "SVH101", Scope = "type", Target = "~T:SocketVsHttp.Harness.Scenarios.SVH105.SVH105Scenario", Justification = "One client per measured run, by design.")]
[assembly: SuppressMessage("SocketVsHttp", "SVH101", Scope = "type", Target = "~T:SocketVsHttp.Harness.Scenarios.SVH107.SVH107Scenario", Justification = "One client per measured run, by design.")]

// SVH208's scenario measures what a failed connect leaks; a connection per message is its workload, in Bad.cs and
// Fixed.cs alike (SVH206 is measured by its own scenario).
[assembly: SuppressMessage("SocketVsHttp", "SVH206", Scope = "type", Target = "~T:SocketVsHttp.Harness.Scenarios.SVH208.Fixed.MessageSender", Justification = "The workload of the SVH208 scenario.")]

// SVH301's scenario measures the handling of Close; its server sends every message in one frame, and SVH302 (messages
// split over frames) is measured by its own scenario. The SVH301 fix adds the Close handling and changes nothing else.
[assembly: SuppressMessage("SocketVsHttp", "SVH302", Scope = "type", Target = "~T:SocketVsHttp.Harness.Scenarios.SVH301.Fixed.FeedListener", Justification = "Single-frame messages in the SVH301 scenario.")]
