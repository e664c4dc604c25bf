using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>
/// One rule's runtime demonstration: runs the rule's bad code and the code its fix produces
/// against loopback servers and measures the difference. Implementations need a public
/// parameterless constructor; they are discovered by reflection (<see cref="ScenarioCatalog"/>).
/// </summary>
public interface IScenario
{
    /// <summary>The rule ID, e.g. "SVH101".</summary>
    string RuleId { get; }

    /// <summary>The rule's title.</summary>
    string Title { get; }

    /// <summary>One line: what the scenario measures.</summary>
    string Measures { get; }

    /// <summary>Runs both variants; must stop by itself within the settings' bounds.</summary>
    Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct);
}
