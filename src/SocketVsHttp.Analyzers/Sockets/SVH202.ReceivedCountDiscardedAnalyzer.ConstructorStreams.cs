using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// A read through a private <c>Stream</c> field that the type fills only from its constructors' parameters
/// (<c>_stream = stream;</c>), where some <c>new T(...)</c> of the compilation passes a network stream for such a parameter
/// (<c>new Message(client.GetStream())</c>, a stream field of the creating type that holds only network streams, or a get-only
/// property of another object returning one). Found in the real-world suite (a message type that reads its header from the
/// connection's stream it is given). Which creations pass a network stream is known only once every creation was seen, so
/// these reads are collected and reported at compilation end; the per-creation work is a look at the constructor's
/// parameter types, and a type's fields are walked only when a read whose count is lost goes through one of them.
/// </summary>
public sealed partial class ReceivedCountDiscardedAnalyzer
{
    private sealed class ConstructorStreams
    {
        private readonly KnownTypes types;
        private readonly TypeFactsCache<HashSet<ISymbol>> streamFields;
        private readonly TypeFactsCache<Dictionary<ISymbol, List<ISymbol>>> fedFields;
        private readonly ConcurrentDictionary<ISymbol, byte> networkFed = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentQueue<(Diagnostic Diagnostic, List<ISymbol> Parameters)> pending = new();

        public ConstructorStreams(KnownTypes types, TypeFactsCache<HashSet<ISymbol>> streamFields)
        {
            this.types = types;
            this.streamFields = streamFields;
            fedFields = new TypeFactsCache<Dictionary<ISymbol, List<ISymbol>>>((type, roots) => ConstructorFedFields(type, roots, types));
        }

        /// <summary>The cheap part of <see cref="TryDefer"/>: a read through a private stream field of this instance.</summary>
        public static bool IsPrivateStreamField(IOperation? instance, KnownTypes types) =>
            instance?.WalkDownConversions() is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation, Field: { } field }
            && field.DeclaredAccessibility == Accessibility.Private && CanHoldNetworkStream(field.Type, types);

        /// <summary>A lost count through a private field of the type fed by constructor parameters: kept until compilation end.</summary>
        public bool TryDefer(IInvocationOperation read, string name, string how, Compilation compilation, CancellationToken cancellationToken)
        {
            if (read.Instance?.WalkDownConversions() is not IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation, Field: { } field }
                || field.DeclaredAccessibility != Accessibility.Private || !CanHoldNetworkStream(field.Type, types)
                || field.ContainingType is not { } type
                || !fedFields.Get(type, read, compilation, cancellationToken).TryGetValue(field.OriginalDefinition, out var parameters))
            {
                return false;
            }

            pending.Enqueue((Create(read, name, how), parameters));
            return true;
        }

        /// <summary><c>new T(...)</c> of a constructor written in source: remember the stream parameters given a network stream.</summary>
        public void OnCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is not { } constructor || constructor.DeclaringSyntaxReferences.IsEmpty)
            {
                return;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is { } parameter && CanHoldNetworkStream(parameter.Type, types)
                    && IsNetworkValue(argument.Value, context.Compilation, context.CancellationToken))
                {
                    networkFed.TryAdd(parameter.OriginalDefinition, 0);
                }
            }
        }

        public void OnEnd(CompilationAnalysisContext context)
        {
            foreach (var (diagnostic, parameters) in pending)
            {
                if (parameters.Exists(p => networkFed.ContainsKey(p)))
                {
                    // RS1037 asks for the CompilationEnd tag on descriptors reported only at compilation end; SVH202 is
                    // reported from operation callbacks too, and only this shape waits for the end.
#pragma warning disable RS1037
                    context.ReportDiagnostic(diagnostic);
#pragma warning restore RS1037
                }
            }
        }

        /// <summary>A NetworkStream/SslStream by type, a stream field of this type that holds only those, or a get-only property returning one.</summary>
        private bool IsNetworkValue(IOperation value, Compilation compilation, CancellationToken cancellationToken)
        {
            var stored = value.WalkDownConversions();
            if (stored.Type.IsOrDerivesFrom(types.NetworkStream) || stored.Type.IsOrDerivesFrom(types.SslStream))
            {
                return true;
            }

            var field = stored switch
            {
                IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } reference => reference.Field,
                IPropertyReferenceOperation { Property: { } property } => ReturnedField(property),
                _ => null,
            };
            return field is not null && field.DeclaredAccessibility == Accessibility.Private && CanHoldNetworkStream(field.Type, types)
                && field.ContainingType is { } owner
                && streamFields.Get(owner, value, compilation, cancellationToken).Contains(field.OriginalDefinition);
        }
    }

    /// <summary>
    /// The type's private stream fields whose every stored value (<c>null</c> aside) is a parameter of one of the type's
    /// constructors, assigned in that constructor, or a NetworkStream/SslStream; with the constructor parameters that feed them.
    /// </summary>
    private static Dictionary<ISymbol, List<ISymbol>> ConstructorFedFields(INamedTypeSymbol type, ImmutableArray<IOperation> roots, KnownTypes types)
    {
        var fed = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        var excluded = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var root in roots)
        {
            if (root is IFieldInitializerOperation initializer)
            {
                foreach (var initialized in initializer.InitializedFields)
                {
                    if (initializer.Value.WalkDownConversions().ConstantValue is not { HasValue: true, Value: null })
                    {
                        excluded.Add(initialized.OriginalDefinition);
                    }
                }
            }

            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } target } assignment
                        when target.Field.DeclaredAccessibility == Accessibility.Private && CanHoldNetworkStream(target.Field.Type, types)
                            && target.Field.ContainingType.Is(type):
                        var value = assignment.Value.WalkDownConversions();
                        var key = target.Field.OriginalDefinition;
                        if (value is IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } constructor } parameter }
                            && constructor.ContainingType.Is(type))
                        {
                            if (!fed.TryGetValue(key, out var parameters))
                            {
                                fed[key] = parameters = new List<ISymbol>();
                            }

                            parameters.Add(parameter.OriginalDefinition);
                        }
                        else if (value.ConstantValue is not { HasValue: true, Value: null }
                                 && !value.Type.IsOrDerivesFrom(types.NetworkStream) && !value.Type.IsOrDerivesFrom(types.SslStream))
                        {
                            excluded.Add(key);
                        }

                        break;
                    case IFieldReferenceOperation reference when CanHoldNetworkStream(reference.Field.Type, types) && IsWrittenOtherwise(reference):
                        excluded.Add(reference.Field.OriginalDefinition);
                        break;
                }
            }
        }

        foreach (var field in excluded)
        {
            fed.Remove(field);
        }

        return fed;
    }
}
