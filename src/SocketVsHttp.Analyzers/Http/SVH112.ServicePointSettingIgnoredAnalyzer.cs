using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH112: a write to a <c>ServicePointManager</c> setting that HttpClient never reads (<c>DefaultConnectionLimit</c>,
/// <c>ServerCertificateValidationCallback</c>, <c>Expect100Continue</c>, <c>UseNagleAlgorithm</c>, <c>DnsRefreshTimeout</c>,
/// <c>MaxServicePointIdleTime</c>) in a compilation that targets .NET Core / .NET 5+ and uses HttpClient.
/// <para>
/// Whether the compilation uses HttpClient (and whether it also uses HttpWebRequest / WebClient, which read some of these
/// settings) is known only once every operation was seen, so the writes are collected and reported at compilation end.
/// The per-operation work is a type comparison; nothing is registered on .NET Framework or netstandard, where
/// HttpClient is built on HttpWebRequest (or may be) and the settings work.
/// </para>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class ServicePointSettingIgnoredAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the handler property the fix sets (absent when there is no fix).</summary>
    public const string FixKey = "SVH112.Fix";

    /// <summary>Diagnostic property: <see cref="TargetClient"/> or <see cref="TargetHandler"/>; the additional location is that creation.</summary>
    public const string TargetKey = "SVH112.Target";

    /// <summary><c>new HttpClient()</c>: the fix hands it a new SocketsHttpHandler carrying the setting.</summary>
    public const string TargetClient = "client";

    /// <summary>A <c>new SocketsHttpHandler</c> that builds the client: the fix adds the setting to its initializer.</summary>
    public const string TargetHandler = "handler";

    public const string MaxConnectionsPerServer = "MaxConnectionsPerServer";
    public const string SslOptions = "SslOptions";
    public const string Expect100ContinueTimeout = "Expect100ContinueTimeout";
    public const string PooledConnectionLifetime = "PooledConnectionLifetime";
    public const string PooledConnectionIdleTimeout = "PooledConnectionIdleTimeout";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SVH112);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var compilation = start.Compilation;
            var types = KnownTypes.For(compilation);
            if (types.ServicePointManager is null || types.HttpMessageInvoker is null || !TargetRuntimes.IsNetCore(compilation, types))
            {
                return;
            }

            var state = new CompilationState(types);
            start.RegisterOperationAction(state.OnAssignment, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
            start.RegisterOperationAction(state.OnCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
            start.RegisterCompilationEndAction(state.OnEnd);
        });
    }

    /// <summary>The settings HttpClient ignores; null for other ServicePointManager properties.</summary>
    private static Setting? SettingOf(string propertyName) => propertyName switch
    {
        "DefaultConnectionLimit" => Setting.DefaultConnectionLimit,
        "ServerCertificateValidationCallback" => Setting.ServerCertificateValidationCallback,
        "Expect100Continue" => Setting.Expect100Continue,
        "UseNagleAlgorithm" => Setting.UseNagleAlgorithm,
        "DnsRefreshTimeout" => Setting.DnsRefreshTimeout,
        "MaxServicePointIdleTime" => Setting.MaxServicePointIdleTime,
        _ => null,
    };

    /// <summary>What HttpClient does instead: the message's second half.</summary>
    private static string Consequence(Setting setting) => setting switch
    {
        Setting.DefaultConnectionLimit => "HttpClient opens as many connections per server as its requests need; limit them with SocketsHttpHandler.MaxConnectionsPerServer",
        Setting.ServerCertificateValidationCallback => "this callback is never called for HttpClient requests, so whatever it checks is not checked there; set SocketsHttpHandler.SslOptions.RemoteCertificateValidationCallback (or HttpClientHandler.ServerCertificateCustomValidationCallback) on the client's handler",
        Setting.Expect100Continue => "HttpClient sends 'Expect: 100-continue' only for requests whose Headers.ExpectContinue is true, and waits SocketsHttpHandler.Expect100ContinueTimeout for the answer",
        Setting.UseNagleAlgorithm => "SocketsHttpHandler always turns Nagle's algorithm off (NoDelay) on its connections; only a ConnectCallback can change that",
        Setting.DnsRefreshTimeout => "HttpClient keeps a pooled connection, and the address it resolved, until the connection closes; set SocketsHttpHandler.PooledConnectionLifetime to see DNS changes",
        _ => "idle pooled connections are closed after SocketsHttpHandler.PooledConnectionIdleTimeout",
    };

    private enum Setting
    {
        DefaultConnectionLimit,
        ServerCertificateValidationCallback,
        Expect100Continue,
        UseNagleAlgorithm,
        DnsRefreshTimeout,
        MaxServicePointIdleTime,
    }

    /// <summary>One write: the assignment, the setting, and the type and member whose code it is.</summary>
    private sealed class Write
    {
        public Write(IAssignmentOperation assignment, IPropertyReferenceOperation target, Setting setting, ISymbol member)
        {
            Assignment = assignment;
            Target = target;
            Setting = setting;
            Member = member;
        }

        public IAssignmentOperation Assignment { get; }

        public IPropertyReferenceOperation Target { get; }

        public Setting Setting { get; }

        public ISymbol Member { get; }
    }

    /// <summary>One <c>new HttpClient(...)</c> (or a type derived from HttpMessageInvoker) and the member whose code it is.</summary>
    private sealed class ClientCreation
    {
        public ClientCreation(IObjectCreationOperation creation, ISymbol member)
        {
            Creation = creation;
            Member = member;
        }

        public IObjectCreationOperation Creation { get; }

        public ISymbol Member { get; }
    }

    /// <summary>What one compilation showed; filled concurrently by the operation callbacks, read once at compilation end.</summary>
    private sealed class CompilationState
    {
        private readonly KnownTypes types;
        private readonly ConcurrentQueue<Write> writes = new();
        private readonly ConcurrentQueue<ClientCreation> clients = new();

        /// <summary>SocketsHttpHandler creations kept in a local: the fix can reach them through <c>new HttpClient(local)</c>.</summary>
        private readonly ConcurrentDictionary<ILocalSymbol, IObjectCreationOperation> handlerLocals = new(SymbolEqualityComparer.Default);

        private int usesHttpClient;
        private int usesLegacy;
        private int usesFactory;

        public CompilationState(KnownTypes types) => this.types = types;

        public void OnAssignment(OperationAnalysisContext context)
        {
            var assignment = (IAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Instance: null } target ||
                !target.Property.ContainingType.Is(types.ServicePointManager) ||
                SettingOf(target.Property.Name) is not { } setting)
            {
                return;
            }

            if (setting == Setting.ServerCertificateValidationCallback)
            {
                // Only a callback being installed: '= null' and '-=' put nothing in place that could be ignored.
                if (assignment is ICompoundAssignmentOperation { OperatorKind: not BinaryOperatorKind.Add } ||
                    assignment.Value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: null } })
                {
                    return;
                }
            }

            writes.Enqueue(new Write(assignment, target, setting, context.ContainingSymbol));
        }

        public void OnCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var type = creation.Type;
            if (type.IsOrDerivesFrom(types.HttpMessageInvoker))
            {
                Volatile.Write(ref usesHttpClient, 1);
                clients.Enqueue(new ClientCreation(creation, context.ContainingSymbol));
            }
            else if (type.IsOrDerivesFrom(types.HttpMessageHandler))
            {
                Volatile.Write(ref usesHttpClient, 1);
                if (type.Is(types.SocketsHttpHandler) &&
                    creation.WalkUpConversions().Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
                {
                    handlerLocals[declarator.Symbol] = creation;
                }
            }
            else if (type.IsOrDerivesFrom(types.WebClient))
            {
                Volatile.Write(ref usesLegacy, 1);
            }
        }

        public void OnInvocation(OperationAnalysisContext context)
        {
            if (Volatile.Read(ref usesHttpClient) != 0 && Volatile.Read(ref usesLegacy) != 0 && Volatile.Read(ref usesFactory) != 0)
            {
                return; // nothing left to learn
            }

            var type = ((IInvocationOperation)context.Operation).TargetMethod.ContainingType;
            if (type is null)
            {
                return;
            }

            if (type.Is(types.IHttpClientFactory) || type.Is(types.HttpClientFactoryExtensions) || type.Is(types.HttpClientFactoryServiceCollectionExtensions))
            {
                // Clients made by the factory: their handlers come from its configuration, not from a construction here.
                // (The factory's own extension class calling the factory, where a compilation defines it, is no use of it.)
                Volatile.Write(ref usesHttpClient, 1);
                if (!context.ContainingSymbol.ContainingType.Is(types.HttpClientFactoryExtensions))
                {
                    Volatile.Write(ref usesFactory, 1);
                }

                return;
            }

            if (type.Is(types.HttpClientJsonExtensions))
            {
                Volatile.Write(ref usesHttpClient, 1);
                return;
            }

            // One walk up the base types for the three classes.
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.Is(types.HttpMessageInvoker))
                {
                    Volatile.Write(ref usesHttpClient, 1);
                    return;
                }

                if (current.Is(types.WebRequest) || current.Is(types.WebClient))
                {
                    Volatile.Write(ref usesLegacy, 1);
                    return;
                }
            }
        }

        public void OnEnd(CompilationAnalysisContext context)
        {
            if (writes.IsEmpty || Volatile.Read(ref usesHttpClient) == 0)
            {
                // No write, or code that only uses HttpWebRequest / WebClient (which read some of these settings).
                return;
            }

            var all = new List<Write>(writes);
            all.Sort(static (a, b) =>
            {
                var byFile = string.CompareOrdinal(a.Assignment.Syntax.SyntaxTree.FilePath, b.Assignment.Syntax.SyntaxTree.FilePath);
                return byFile != 0 ? byFile : a.Assignment.Syntax.SpanStart.CompareTo(b.Assignment.Syntax.SpanStart);
            });

            var plan = FixPlan.For(this, all, context.CancellationToken);
            foreach (var write in all)
            {
                var properties = ImmutableDictionary<string, string?>.Empty;
                var additional = ImmutableArray<Location>.Empty;
                if (plan?.FixFor(write) is { } fix)
                {
                    properties = properties.Add(FixKey, fix).Add(TargetKey, plan.Target);
                    additional = ImmutableArray.Create(plan.TargetSyntax.GetLocation());
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SVH112,
                    write.Target.Syntax.GetLocation(),
                    additional,
                    properties,
                    write.Target.Property.Name,
                    Consequence(write.Setting)));
            }
        }

        internal bool UsesLegacy => Volatile.Read(ref usesLegacy) != 0;

        internal bool UsesFactory => Volatile.Read(ref usesFactory) != 0;

        internal IReadOnlyCollection<ClientCreation> Clients => clients;

        internal KnownTypes Types => types;

        internal IObjectCreationOperation? HandlerInLocal(ILocalSymbol local) => handlerLocals.TryGetValue(local, out var creation) ? creation : null;
    }
}
