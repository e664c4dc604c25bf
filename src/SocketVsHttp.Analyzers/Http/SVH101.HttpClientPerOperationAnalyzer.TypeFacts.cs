using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

public sealed partial class HttpClientPerOperationAnalyzer
{
    /// <summary>A call of a client helper: where, who calls it, and why that caller uses the client for one operation.</summary>
    private sealed class HelperCall
    {
        public HelperCall(Location location, string caller, string reason)
        {
            Location = location;
            Caller = caller;
            Reason = reason;
        }

        public Location Location { get; }

        public string Caller { get; }

        public string Reason { get; }
    }

    /// <summary>A helper that returns a fresh client, every one of whose callers in its type uses it for one operation.</summary>
    private sealed class HelperFinding
    {
        public HelperFinding(ImmutableArray<SyntaxNode> creations, List<HelperCall> calls)
        {
            Creations = creations;
            Calls = calls;
        }

        public ImmutableArray<SyntaxNode> Creations { get; }

        public List<HelperCall> Calls { get; }
    }

    /// <summary>Where a private client field is used in its type.</summary>
    private sealed class FieldUses
    {
        public SyntaxNode? OnlyMember { get; set; }

        public bool SeveralMembers { get; set; }

        /// <summary>A use other than a new client assigned, a member read or called, or a dispose (a null check, a hand-off...).</summary>
        public bool OtherUse { get; set; }

        /// <summary>A call on the client other than Dispose: it sends requests.</summary>
        public bool SendsRequests { get; set; }

        /// <summary>True when the field is used only by the member whose root is <paramref name="member"/>, as a local would be.</summary>
        public bool IsLocalOf(SyntaxNode member) => !SeveralMembers && !OtherUse && SendsRequests && OnlyMember == member;
    }

    private sealed class TypeFacts
    {
        private TypeFacts(Dictionary<IMethodSymbol, HelperFinding> helpers, Dictionary<IFieldSymbol, FieldUses> fields)
        {
            Helpers = helpers;
            Fields = fields;
        }

        /// <summary>Helpers reported at their creation (their calls are not reported again).</summary>
        public Dictionary<IMethodSymbol, HelperFinding> Helpers { get; }

        /// <summary>Private instance fields of a client type.</summary>
        public Dictionary<IFieldSymbol, FieldUses> Fields { get; }

        public static TypeFacts Compute(INamedTypeSymbol type, ImmutableArray<IOperation> roots, INamedTypeSymbol httpClient, KnownTypes types) =>
            new(CollectHelpers(type, roots, httpClient, types), CollectFields(type, roots, httpClient));

        private static Dictionary<IMethodSymbol, HelperFinding> CollectHelpers(INamedTypeSymbol type, ImmutableArray<IOperation> roots, INamedTypeSymbol httpClient, KnownTypes types)
        {
            var findings = new Dictionary<IMethodSymbol, HelperFinding>(SymbolEqualityComparer.Default);
            foreach (var pair in HttpClientLifetime.ClientHelperUses(roots, type, httpClient))
            {
                var helper = pair.Key;
                if (!IsHelper(helper, httpClient) ||
                    HttpClientLifetime.NestedTypesMention(type, helper.Name, CancellationToken.None))
                {
                    continue;
                }

                var declaration = helper.DeclaringSyntaxReferences[0].GetSyntax();
                IOperation? body = null;
                foreach (var root in roots)
                {
                    if (root.Syntax == declaration)
                    {
                        body = root;
                        break;
                    }
                }

                var creations = body is null ? ImmutableArray<IObjectCreationOperation>.Empty : HttpClientLifetime.FreshClientReturns(body, types, allowFactoryClients: true);
                var calls = creations.IsEmpty ? null : PerOperationCalls(pair.Value, body!, types);
                if (calls is null)
                {
                    continue;
                }

                var creationSyntax = ImmutableArray.CreateBuilder<SyntaxNode>(creations.Length);
                foreach (var creation in creations)
                {
                    creationSyntax.Add(creation.Syntax);
                }

                findings.Add(helper, new HelperFinding(creationSyntax.MoveToImmutable(), calls));
            }

            return findings;
        }

        /// <summary>The helper's calls, when every one uses the client for one operation; null when any keeps it or is not a call.</summary>
        private static List<HelperCall>? PerOperationCalls(List<IOperation> uses, IOperation helperBody, KnownTypes types)
        {
            var calls = new List<HelperCall>(uses.Count);
            foreach (var use in uses)
            {
                // A method group (`new Lazy<HttpClient>(CreateClient)`), a recursive call, a caller that keeps the client
                // (a field, a static, a constructor, an entry point, a hand-off): the helper's client is not per operation.
                if (use is not IInvocationOperation call || call.IsDescendantOf(helperBody) ||
                    HttpClientLifetime.ContainingMember(call) is not { } member ||
                    HttpClientLifetime.PerOperationReason(call, member, types) is not { } reason)
                {
                    return null;
                }

                calls.Add(new HelperCall(call.Syntax.GetLocation(), MemberName(member), reason));
            }

            return calls.Count == 0 ? null : calls;
        }

        private static string MemberName(ISymbol member) => member switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor => constructor.ContainingType.Name,
            IMethodSymbol { AssociatedSymbol: { } property } => property.Name,
            _ => member.Name,
        };

        private static Dictionary<IFieldSymbol, FieldUses> CollectFields(INamedTypeSymbol type, ImmutableArray<IOperation> roots, INamedTypeSymbol httpClient)
        {
            var fields = new Dictionary<IFieldSymbol, FieldUses>(SymbolEqualityComparer.Default);
            foreach (var root in roots)
            {
                foreach (var operation in root.Descendants())
                {
                    if (operation is not IFieldReferenceOperation { Field: { IsStatic: false, DeclaredAccessibility: Accessibility.Private } field } reference ||
                        !SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, type) ||
                        !field.Type.IsOrDerivesFrom(httpClient))
                    {
                        continue;
                    }

                    var key = field.OriginalDefinition;
                    if (!fields.TryGetValue(key, out var uses))
                    {
                        fields.Add(key, uses = new FieldUses { OtherUse = HttpClientLifetime.NestedTypesMention(type, field.Name, CancellationToken.None) });
                    }

                    if (uses.OnlyMember is null)
                    {
                        uses.OnlyMember = root.Syntax;
                    }
                    else if (uses.OnlyMember != root.Syntax)
                    {
                        uses.SeveralMembers = true;
                    }

                    Classify(reference, root, uses);
                }
            }

            return fields;
        }

        private static void Classify(IFieldReferenceOperation reference, IOperation root, FieldUses uses)
        {
            if (reference.Instance is not IInstanceReferenceOperation || HttpClientLifetime.InNestedFunction(reference, root))
            {
                uses.OtherUse = true;
                return;
            }

            var use = reference.WalkUpConversions();
            switch (use.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    uses.OtherUse |= assignment.Value.WalkDownConversions() is not IObjectCreationOperation;
                    break;
                case IInvocationOperation invocation when invocation.Instance == use:
                    uses.SendsRequests |= invocation.TargetMethod.Name != nameof(System.IDisposable.Dispose);
                    break;
                case IArgumentOperation { Parent: IInvocationOperation call } argument when HttpClientLifetime.IsExtensionReceiver(call, argument):
                    uses.SendsRequests = true;
                    break;
                case IMemberReferenceOperation member when member.Instance == use:
                    break;
                case IConditionalAccessOperation conditional when conditional.Operation == use &&
                                                                   conditional.WhenNotNull is IInvocationOperation { TargetMethod.Name: nameof(System.IDisposable.Dispose) }:
                    break;
                default:
                    uses.OtherUse = true;
                    break;
            }
        }
    }
}
