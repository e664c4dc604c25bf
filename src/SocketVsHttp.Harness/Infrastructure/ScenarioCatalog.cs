using System;
using System.Collections.Generic;
using System.Reflection;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>Finds every <see cref="IScenario"/> in this assembly; adding a scenario needs no edit here.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } = Discover(typeof(ScenarioCatalog).Assembly);

    public static IReadOnlyList<IScenario> Discover(Assembly assembly)
    {
        var scenarios = new List<IScenario>();
        foreach (var type in assembly.GetTypes())
        {
            if (type.IsAbstract || type.IsInterface || !typeof(IScenario).IsAssignableFrom(type))
            {
                continue;
            }

            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                continue;
            }

            scenarios.Add((IScenario)Activator.CreateInstance(type)!);
        }

        scenarios.Sort((a, b) => string.CompareOrdinal(a.RuleId, b.RuleId));
        return scenarios;
    }

    public static IScenario? Find(string ruleId)
    {
        foreach (var scenario in All)
        {
            if (string.Equals(scenario.RuleId, ruleId, StringComparison.OrdinalIgnoreCase))
            {
                return scenario;
            }
        }

        return null;
    }
}
