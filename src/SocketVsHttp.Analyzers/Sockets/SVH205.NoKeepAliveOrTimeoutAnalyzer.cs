using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH205: a TCP socket / TcpClient that the code creates (or accepts) is read in a long-lived loop, and nothing sets
/// keep-alive (<c>SocketOptionName.KeepAlive</c>, <c>TcpKeepAlive*</c>, <c>IOControlCode.KeepAliveValues</c>) or a receive
/// timeout on it, and the read itself gets no timeout (a token that fires after a delay, <c>WaitAsync</c>): a half-open
/// connection hangs it forever. Reported at the creation or accept (where the fix inserts keep-alive), with the endless
/// reads as additional locations. The connection is followed into the local or field it is stored in, into a same-compilation
/// method or constructor it is handed to (its parameter, or the field that parameter is stored in), and into a collection
/// field whose elements the type reads in a long-lived loop.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class NoKeepAliveOrTimeoutAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" when the owner is a TcpClient (options go on <c>client.Client</c>).</summary>
    public const string IsTcpClientProperty = "IsTcpClient";

    /// <summary>
    /// Diagnostic property: the owner as written at its creation (<c>client</c>, <c>_socket</c>, <c>this.socket</c>); present only
    /// when the creation is a statement of its own (<c>var c = ...;</c>, <c>_s = ...;</c>) the fix can insert after.
    /// </summary>
    public const string OwnerProperty = "Owner";

    public const string KeepAliveTimeProperty = "KeepAliveTime";
    public const string KeepAliveIntervalProperty = "KeepAliveInterval";

    public const string KeepAliveTimeKey = "keepalive_time_seconds";
    public const string KeepAliveIntervalKey = "keepalive_interval_seconds";

    /// <summary>At most this many endless reads are attached as additional locations.</summary>
    private const int MaxReadLocations = 4;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH205);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Socket is null || types.SocketOptionName is null)
            {
                return;
            }

            var connections = new TypeFactsCache<TypeConnections>((type, roots) => TypeConnections.Collect(roots, type, types, typeWide: true));
            var loops = new System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
            var bodies = new System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, IOperation?>(SymbolEqualityComparer.Default);
            var mentions = new System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(c => AnalyzeCreation(c, types, connections, loops, bodies, mentions), OperationKind.ObjectCreation, OperationKind.Invocation);
        });
    }

    /// <summary>A new connection (cheap checks first); only then the facts of its member or type are collected.</summary>
    private static void AnalyzeCreation(
        OperationAnalysisContext context,
        KnownTypes types,
        TypeFactsCache<TypeConnections> connections,
        System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool> loops,
        System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, IOperation?> bodies,
        System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool> mentions)
    {
        var created = context.Operation;
        switch (created)
        {
            case IObjectCreationOperation creation when SocketOwners.IsOwnerType(creation.Type, types) && !ReceiveCalls.IsKnownDatagramSocket(creation, types):
                break;
            case IInvocationOperation invocation when (invocation.TargetMethod.Name.StartsWith("Accept", System.StringComparison.Ordinal)
                    || invocation.TargetMethod.Name.StartsWith("EndAccept", System.StringComparison.Ordinal)) && IsAccept(invocation.TargetMethod, types):
                break;
            default:
                return;
        }

        if (context.ContainingSymbol.ContainingType is not { } type)
        {
            return;
        }

        var session = new Search(
            created, types, connections, t => loops.GetOrAdd(t, HasLoopSyntax), t => mentions.GetOrAdd(t, MentionsProtection), bodies, context.Compilation, context.CancellationToken);
        var finding = session.Follow(type);
        if (finding is not null)
        {
            Report(context, created, finding.Value, types);
        }
    }

    /// <summary>One creation followed to its readers: the shared caches and what the search needs at every step.</summary>
    private sealed partial class Search
    {
        /// <summary>Hand-offs followed from the creation: creator -> forwarder -> reader.</summary>
        private const int MaxHandOffs = 3;

        private readonly IOperation created;
        private readonly KnownTypes types;
        private readonly TypeFactsCache<TypeConnections> connections;
        private readonly System.Func<INamedTypeSymbol, bool> hasLoops;
        private readonly System.Func<INamedTypeSymbol, bool> mentionsProtection;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, IOperation?> bodies;
        private readonly Compilation compilation;
        private readonly System.Threading.CancellationToken cancellationToken;
        private readonly List<IOperation> reads = new();
        private readonly Dictionary<IParameterSymbol, string?> followed = new(SymbolEqualityComparer.Default);

        public Search(
            IOperation created,
            KnownTypes types,
            TypeFactsCache<TypeConnections> connections,
            System.Func<INamedTypeSymbol, bool> hasLoops,
            System.Func<INamedTypeSymbol, bool> mentionsProtection,
            System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, IOperation?> bodies,
            Compilation compilation,
            System.Threading.CancellationToken cancellationToken)
        {
            this.mentionsProtection = mentionsProtection;
            this.created = created;
            this.types = types;
            this.connections = connections;
            this.hasLoops = hasLoops;
            this.bodies = bodies;
            this.compilation = compilation;
            this.cancellationToken = cancellationToken;
        }

        /// <summary>Where the new connection goes, and the endless unprotected reads found there (null: nothing to report).</summary>
        public Finding? Follow(INamedTypeSymbol type)
        {
            var owner = TypeConnections.StoredInOwner(created, types, out var store);
            if (owner is not null)
            {
                if (IsProtectedElsewhere(owner, type))
                {
                    return null;
                }

                // A type without a single loop statement or begin-read cannot read a connection forever: its member bodies are
                // not bound (most connections of a compilation live in such types); a local may still be handed to a looping type.
                if (!hasLoops(type))
                {
                    if (owner is ILocalSymbol loopless)
                    {
                        foreach (var use in LocalUses(created.MemberRoot(), loopless))
                        {
                            FollowHandOff(use, type, 0);
                        }

                        if (!FollowFieldStores(created.MemberRoot(), loopless, type))
                        {
                            return null;
                        }

                        return reads.Count == 0 ? null : new Finding(owner.Name, OwnerType(owner), store, reads);
                    }

                    if (owner is IFieldSymbol { IsStatic: true } staticField)
                    {
                        return FollowStaticReaders(staticField, type, null) && reads.Count > 0
                            ? new Finding(owner.Name, OwnerType(owner), store, reads)
                            : null;
                    }

                    // A field (or a stream or reader over it) handed from the creating member to a looping type of this
                    // compilation: only then are this type's facts collected.
                    if (owner is not IFieldSymbol || !HandsFieldToLoopingType(created.MemberRoot(), type))
                    {
                        return null;
                    }
                }

                var facts = owner is ILocalSymbol
                    ? LocalConnections(created, type, types) ?? Facts(type)
                    : Facts(type);
                if (facts.ProtectedOwners.Contains(owner))
                {
                    return null;
                }

                facts.AddReadsOf(owner, created, types, reads);

                // The connection handed on: to a method or constructor, or into a collection field.
                var uses = owner switch
                {
                    ILocalSymbol local => LocalUses(created.MemberRoot(), local),
                    IFieldSymbol field => facts.ArgumentUsesOf(field, types),
                    _ => System.Array.Empty<IOperation>(),
                };
                foreach (var use in uses)
                {
                    if (!FollowHandOff(use, type, 0))
                    {
                        return null;
                    }
                }

                if (owner is ILocalSymbol storedLocal && !FollowFieldStores(created.MemberRoot(), storedLocal, type))
                {
                    return null;
                }

                if (owner is IFieldSymbol { IsStatic: true } shared && !FollowStaticReaders(shared, type, facts))
                {
                    return null;
                }

                return reads.Count == 0 ? null : new Finding(owner.Name, OwnerType(owner), store, reads);
            }

            // Passed on directly: new Session(listener.AcceptTcpClient()), _clients.Add(listener.AcceptTcpClient()).
            var name = HandOffName(ValueUse(created), type, 0);
            return reads.Count == 0 || name is null ? null : new Finding(name, ValueUse(created).Type, null, reads);
        }

        private TypeConnections Facts(INamedTypeSymbol type) => connections.Get(type, created, compilation, cancellationToken);

        /// <summary>
        /// A field declared in a base type, or a member of another object's type (<c>state.Socket</c>): keep-alive or a timeout
        /// may be set in that type's code, which the facts of this type do not see. Any mention there keeps the rule silent.
        /// </summary>
        private bool IsProtectedElsewhere(ISymbol owner, INamedTypeSymbol type)
        {
            var declaring = owner switch
            {
                IFieldSymbol field when !field.ContainingType.OriginalDefinition.Is(type.OriginalDefinition) => field.ContainingType,
                IPropertySymbol property => property.ContainingType,
                _ => null,
            };
            return declaring is not null && mentionsProtection(declaring.OriginalDefinition);
        }

        /// <summary>Follows a hand-off (see <see cref="HandOffName"/>); false when the receiving side protects the connection.</summary>
        private bool FollowHandOff(IOperation use, INamedTypeSymbol type, int depth) => HandOffName(use, type, depth) is not Protected;

        private const string Protected = "\0protected";

        /// <summary>
        /// A connection value (or its stream or reader) used as an argument: of a collection <c>Add</c>-like call on a field of
        /// the type (its elements read in a long-lived loop), or of a method/constructor declared in this compilation (its
        /// parameter, or the field the parameter is stored in, read in a long-lived loop; or handed on again). Adds the reads
        /// and returns the name to show, null, or <see cref="Protected"/> when the receiver gives it keep-alive or a timeout.
        /// </summary>
        private string? HandOffName(IOperation use, INamedTypeSymbol type, int depth)
        {
            if (use.Parent is not IArgumentOperation { Parameter: { } parameter } argument || depth >= MaxHandOffs)
            {
                return null;
            }

            if (argument.Parent is IInvocationOperation { TargetMethod.Name: "Start", Instance: { } thread } start
                && start.TargetMethod.ContainingType.Is(types.Thread))
            {
                return ThreadStartHandOff(thread);
            }

            if (argument.Parent is IInvocationOperation { Instance: { } collection } add && IsCollectionAdd(add.TargetMethod))
            {
                if (collection.WalkDownConversions() is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field
                    && !SocketOwners.IsOwnerType(field.Type, types) && SocketOwners.IsOwnerType(use.Type, types) && hasLoops(type))
                {
                    var facts = Facts(type);
                    if (facts.ProtectedOwners.Contains(field.Field.OriginalDefinition))
                    {
                        return Protected;
                    }

                    var before = reads.Count;
                    facts.AddElementReadsOf(field.Field.OriginalDefinition, created, types, reads);
                    return reads.Count > before ? field.Field.Name : null;
                }

                return null;
            }

            var method = argument.Parent switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };
            if (method?.ContainingType is not { } callee
                || !SymbolEqualityComparer.Default.Equals(callee.ContainingAssembly, compilation.Assembly)
                || callee.DeclaringSyntaxReferences.IsEmpty
                || !TypeConnections.IsConnectionValueType(parameter.Type, types))
            {
                return null;
            }

            var received = parameter.OriginalDefinition;

            // Every call site of one helper (SocketRead(socket, 8), SocketRead(socket, n)...) leads to the same parameter:
            // it is followed once per creation (a cycle of forwarders ends here too).
            if (followed.TryGetValue(received, out var known))
            {
                return known;
            }

            followed[received] = null;
            var result = FollowParameter(method, callee, received, depth);
            followed[received] = result;
            return result;
        }

        private string? FollowParameter(IMethodSymbol method, INamedTypeSymbol callee, IParameterSymbol received, int depth)
        {
            string? name = null;
            if (hasLoops(callee))
            {
                var calleeFacts = Facts(callee);
                var found = reads.Count;
                if (calleeFacts.ProtectedOwners.Contains(received))
                {
                    return Protected;
                }

                calleeFacts.AddReadsOf(received, created, types, reads);
                name = reads.Count > found ? callee.Name + "." + received.Name : null;
                foreach (var field in calleeFacts.FieldsStoringParameter(received))
                {
                    if (calleeFacts.ProtectedOwners.Contains(field))
                    {
                        reads.RemoveRange(found, reads.Count - found);
                        return Protected;
                    }

                    var before = reads.Count;
                    calleeFacts.AddReadsOf(field, created, types, reads);
                    if (reads.Count > before)
                    {
                        name ??= callee.Name + "." + field.Name;
                    }

                    // this._client = client; ... new Reader(_client): handed on from the field.
                    foreach (var fieldUse in calleeFacts.ArgumentUsesOf(field, types))
                    {
                        var next = HandOffName(fieldUse, callee, depth + 1);
                        if (next == Protected)
                        {
                            reads.RemoveRange(found, reads.Count - found);
                            return Protected;
                        }

                        name ??= next;
                    }
                }
            }

            // Handed on from the parameter: Add(TcpClient client) { clients.Add(new Session(client)); }
            foreach (var forwarded in ForwardedUses(method, received))
            {
                var next = HandOffName(forwarded, callee, depth + 1);
                if (next == Protected)
                {
                    return Protected;
                }

                name ??= next;
            }

            return name;
        }

        /// <summary>
        /// The references to <paramref name="parameter"/> used as an argument in <paramref name="method"/>'s body (its only
        /// declaration is bound once per compilation, and only when its syntax passes the parameter's name on).
        /// </summary>
        private IEnumerable<IOperation> ForwardedUses(IMethodSymbol method, IParameterSymbol parameter)
        {
            var passesName = false;
            foreach (var body in SourceBodies.Of(method))
            {
                foreach (var node in body.DescendantNodes())
                {
                    if (node is ArgumentSyntax { Expression: IdentifierNameSyntax identifier } && identifier.Identifier.ValueText == parameter.Name)
                    {
                        passesName = true;
                        break;
                    }
                }
            }

            if (!passesName)
            {
                yield break;
            }

            var root = bodies.GetOrAdd(method.OriginalDefinition, BindBody);
            if (root is null)
            {
                yield break;
            }

            foreach (var operation in root.Descendants())
            {
                if (operation is IParameterReferenceOperation reference && reference.Parameter.OriginalDefinition.Is(parameter))
                {
                    var use = reference.WalkUpConversions();
                    if (use.Parent is IArgumentOperation)
                    {
                        yield return use;
                    }
                }
            }
        }

        private IOperation? BindBody(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(cancellationToken);
                if (node is BaseMethodDeclarationSyntax)
                {
                    return TypeBodies.ModelFor(node.SyntaxTree, created, compilation).GetOperation(node, cancellationToken);
                }
            }

            return null;
        }

        /// <summary>
        /// A connection in a static field read by another type: the creating member starts or calls a method of another type of
        /// this compilation (<c>Task.Run(StreamRead.Loop)</c>) whose type reads the field, or a static stream or reader field of
        /// this type over it (<c>Connection.Stream</c>), in a long-lived loop. False when that type protects it.
        /// </summary>
        private bool FollowStaticReaders(IFieldSymbol owner, INamedTypeSymbol type, TypeConnections? facts)
        {
            List<INamedTypeSymbol>? readers = null;
            foreach (var operation in created.MemberRoot().Descendants())
            {
                var target = operation switch
                {
                    IMethodReferenceOperation reference => reference.Method,
                    IInvocationOperation invocation => invocation.TargetMethod,
                    _ => null,
                };
                if (target?.ContainingType?.OriginalDefinition is { } other
                    && !other.Is(type.OriginalDefinition)
                    && SymbolEqualityComparer.Default.Equals(other.ContainingAssembly, compilation.Assembly)
                    && !other.DeclaringSyntaxReferences.IsEmpty
                    && !(readers is not null && readers.Exists(r => r.Is(other)))
                    && hasLoops(other))
                {
                    (readers ??= new()).Add(other);
                }
            }

            if (readers is null)
            {
                return true;
            }

            facts ??= Facts(type);

            var keys = new List<ISymbol> { owner };
            if (facts is not null)
            {
                foreach (var pair in facts.FieldValues)
                {
                    if (pair.Key.IsStatic && pair.Value.Count > 0)
                    {
                        foreach (var each in TypeConnections.PossibleOwners(pair.Value[0], types, facts.FieldValues, null))
                        {
                            if (each.Is(owner))
                            {
                                keys.Add(pair.Key);
                                break;
                            }
                        }
                    }
                }
            }

            foreach (var reader in readers)
            {
                var readerFacts = Facts(reader);
                foreach (var key in keys)
                {
                    if (readerFacts.ProtectedOwners.Contains(key))
                    {
                        return false;
                    }

                    readerFacts.AddReadsOf(key, created, types, reads);
                }
            }

            return true;
        }

        /// <summary>A field of a connection type, stream or reader passed to a method or constructor of another looping type of this compilation.</summary>
        private bool HandsFieldToLoopingType(IOperation root, INamedTypeSymbol type)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is IArgumentOperation { Value: var value } argument
                    && value.WalkDownConversions() is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field
                    && TypeConnections.IsConnectionValueType(field.Type, types)
                    && (argument.Parent switch
                    {
                        IInvocationOperation invocation => invocation.TargetMethod.ContainingType,
                        IObjectCreationOperation creation => creation.Type as INamedTypeSymbol,
                        _ => null,
                    }) is { } callee
                    && !callee.OriginalDefinition.Is(type.OriginalDefinition)
                    && SymbolEqualityComparer.Default.Equals(callee.ContainingAssembly, compilation.Assembly)
                    && !callee.DeclaringSyntaxReferences.IsEmpty
                    && hasLoops(callee))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The references to <paramref name="local"/> in its member (lambdas and local functions included), and to stream or
        /// reader locals over it (<c>var stream = client.GetStream();</c>), as argument values.
        /// </summary>
        private IEnumerable<IOperation> LocalUses(IOperation root, ILocalSymbol local)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is not ILocalReferenceOperation reference)
                {
                    continue;
                }

                var use = reference.WalkUpConversions();
                if (use.Parent is not IArgumentOperation)
                {
                    continue;
                }

                if (reference.Local.Is(local))
                {
                    yield return use;
                }
                else if (!SocketOwners.IsOwnerType(reference.Type, types) && TypeConnections.IsConnectionValueType(reference.Type, types))
                {
                    foreach (var owner in TypeConnections.PossibleOwners(reference, types, EmptyFieldValues, null))
                    {
                        if (owner.Is(local))
                        {
                            yield return use;
                            break;
                        }
                    }
                }
            }
        }

        private static readonly Dictionary<IFieldSymbol, List<IOperation>> EmptyFieldValues = new(SymbolEqualityComparer.Default);
    }

    private static bool IsCollectionAdd(IMethodSymbol method) =>
        method.Name is "Add" or "TryAdd" or "Enqueue" or "Push" or "Insert" or "AddOrUpdate";

    /// <summary>The operation that carries the created value: through <c>await</c> and <c>ConfigureAwait</c>.</summary>
    private static IOperation ValueUse(IOperation created)
    {
        var current = created.WalkUpConversions();
        if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait && configureAwait.Instance == current)
        {
            current = configureAwait.WalkUpConversions();
        }

        if (current.Parent is IAwaitOperation awaited)
        {
            current = awaited.WalkUpConversions();
        }

        return current;
    }

    /// <summary>
    /// For a connection held in a local, the facts of the member body that declares it: its creation and the keep-alive or
    /// timeout set on it can only be there, unless the body also stores a stream in a field (code elsewhere could then
    /// reach the local's connection through that field) or reads with a token of a field's source. Null when the whole type
    /// must be walked.
    /// </summary>
    private static TypeConnections? LocalConnections(IOperation created, INamedTypeSymbol type, KnownTypes types)
    {
        var facts = TypeConnections.Collect(ImmutableArray.Create(created.MemberRoot()), type, types, typeWide: false);
        return facts.NeedsTypeWide ? null : facts;
    }

    /// <summary>The type's declarations name keep-alive or a receive/read timeout (syntax only): its code may protect a connection it holds.</summary>
    private static bool MentionsProtection(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (SourceBodies.Mentions(reference.GetSyntax(), "KeepAlive", "TcpKeepAliveTime", "TcpKeepAliveInterval", "KeepAliveValues", "ReceiveTimeout", "ReadTimeout"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Any loop statement or begin-read (a callback chain) in the type's declarations (syntax only: nothing is bound).</summary>
    private static bool HasLoopSyntax(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax
                    || (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "BeginRead" or "BeginReceive" } && node.Parent is InvocationExpressionSyntax))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ITypeSymbol? OwnerType(ISymbol owner) => owner switch
    {
        ILocalSymbol local => local.Type,
        IFieldSymbol field => field.Type,
        IParameterSymbol parameter => parameter.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    private static void Report(OperationAnalysisContext context, IOperation created, Finding finding, KnownTypes types)
    {
        var isTcpClient = finding.ConnectionType.IsOrDerivesFrom(types.TcpClient);
        var tree = created.Syntax.SyntaxTree;
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties.Add(IsTcpClientProperty, isTcpClient ? "true" : "false");
        properties.Add(KeepAliveTimeProperty, RuleOptions.GetInt(context.Options, tree, Descriptors.SVH205, KeepAliveTimeKey, 30).ToString(System.Globalization.CultureInfo.InvariantCulture));
        properties.Add(KeepAliveIntervalProperty, RuleOptions.GetInt(context.Options, tree, Descriptors.SVH205, KeepAliveIntervalKey, 5).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The fix inserts after the creation when it is a statement of its own.
        if (finding.Store is { } store && CreationStatement(store, out var ownerText) is not null)
        {
            properties.Add(OwnerProperty, ownerText);
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SVH205,
            created.Syntax.GetLocation(),
            ReadLocations(finding.Reads),
            properties.ToImmutable(),
            finding.Name));
    }

    /// <summary>The reads in source order (file, then position), each once, at most <see cref="MaxReadLocations"/>.</summary>
    private static List<Location> ReadLocations(List<IOperation> reads)
    {
        var syntaxes = new List<SyntaxNode>();
        foreach (var read in reads)
        {
            if (!syntaxes.Contains(read.Syntax))
            {
                syntaxes.Add(read.Syntax);
            }
        }

        syntaxes.Sort((a, b) =>
        {
            var byFile = string.CompareOrdinal(a.SyntaxTree.FilePath, b.SyntaxTree.FilePath);
            return byFile != 0 ? byFile : a.SpanStart.CompareTo(b.SpanStart);
        });
        var locations = new List<Location>();
        for (var i = 0; i < syntaxes.Count && i < MaxReadLocations; i++)
        {
            locations.Add(syntaxes[i].GetLocation());
        }

        return locations;
    }

    /// <summary>The statement to insert after, and the owner as written there: <c>var s = new Socket(...);</c> or <c>_s = new Socket(...);</c>.</summary>
    private static SyntaxNode? CreationStatement(IOperation store, out string ownerText)
    {
        ownerText = string.Empty;
        switch (store.Syntax)
        {
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax statement } } declarator:
                ownerText = declarator.Identifier.ValueText;
                return statement;
            case AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement } assignment
                when assignment.Left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }:
                ownerText = assignment.Left.WithoutTrivia().ToString();
                return statement;
            default:
                return null;
        }
    }

    private readonly struct Finding
    {
        public Finding(string name, ITypeSymbol? connectionType, IOperation? store, List<IOperation> reads)
        {
            Name = name;
            ConnectionType = connectionType;
            Store = store;
            Reads = reads;
        }

        /// <summary>What the message names: the local or field the connection is stored in, or where it was handed to.</summary>
        public string Name { get; }

        public ITypeSymbol? ConnectionType { get; }

        /// <summary>The declarator or assignment that stores the connection (null when it is handed on directly).</summary>
        public IOperation? Store { get; }

        public List<IOperation> Reads { get; }
    }

    private static bool IsAccept(IMethodSymbol method, KnownTypes types) =>
        (method.ContainingType.IsOrDerivesFrom(types.TcpListener)
            && method.Name is "AcceptSocket" or "AcceptSocketAsync" or "AcceptTcpClient" or "AcceptTcpClientAsync" or "EndAcceptSocket" or "EndAcceptTcpClient")
        || (method.ContainingType.IsOrDerivesFrom(types.Socket) && method.Name is "Accept" or "AcceptAsync" or "EndAccept"
            && !method.ReturnsVoid && method.ReturnType.SpecialType != SpecialType.System_Boolean);
}
