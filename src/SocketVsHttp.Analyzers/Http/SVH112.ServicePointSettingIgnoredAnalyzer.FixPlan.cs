using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

public sealed partial class ServicePointSettingIgnoredAnalyzer
{
    /// <summary>
    /// Where a setting can move: the compilation's only HttpClient construction, in the same type and file as the write,
    /// built with no handler (<c>new HttpClient()</c>) or on a SocketsHttpHandler created inline or in a local. No plan
    /// when the setting may still matter elsewhere: HttpWebRequest / WebClient are used (they read some settings), the
    /// clients come from IHttpClientFactory, or there are several clients (the process-wide setting meant all of them).
    /// </summary>
    private sealed class FixPlan
    {
        private readonly ClientCreation client;
        private readonly HashSet<string> handlerSets;
        private readonly Dictionary<Setting, int> writesPerSetting;

        private FixPlan(ClientCreation client, string target, SyntaxNode targetSyntax, HashSet<string> handlerSets, Dictionary<Setting, int> writesPerSetting)
        {
            this.client = client;
            Target = target;
            TargetSyntax = targetSyntax;
            this.handlerSets = handlerSets;
            this.writesPerSetting = writesPerSetting;
        }

        public string Target { get; }

        public SyntaxNode TargetSyntax { get; }

        public static FixPlan? For(CompilationState state, List<Write> writes, CancellationToken cancellationToken)
        {
            if (state.UsesLegacy || state.UsesFactory || state.Clients.Count != 1)
            {
                return null;
            }

            ClientCreation? client = null;
            foreach (var only in state.Clients)
            {
                client = only;
            }

            if (client is null || !client.Creation.Type.Is(state.Types.HttpClient) || client.Creation.Syntax is not BaseObjectCreationExpressionSyntax)
            {
                return null;
            }

            var counts = new Dictionary<Setting, int>();
            foreach (var write in writes)
            {
                counts.TryGetValue(write.Setting, out var count);
                counts[write.Setting] = count + 1;
            }

            var creation = client.Creation;
            if (creation.Arguments.Length == 0)
            {
                return new FixPlan(client, TargetClient, creation.Syntax, new HashSet<string>(), counts);
            }

            var first = creation.Arguments[0].Value.WalkDownConversions();
            var handler = first switch
            {
                IObjectCreationOperation inline => inline,
                ILocalReferenceOperation local => state.HandlerInLocal(local.Local),
                _ => null,
            };
            if (handler is null || !handler.Type.Is(state.Types.SocketsHttpHandler) || handler.Syntax is not BaseObjectCreationExpressionSyntax ||
                handler.Syntax.SyntaxTree != creation.Syntax.SyntaxTree)
            {
                return null;
            }

            var sets = new HashSet<string>();
            if (handler.Initializer is { } initializer)
            {
                foreach (var member in initializer.Initializers)
                {
                    var assigned = member switch
                    {
                        IAssignmentOperation assignment => assignment.Target,
                        IMemberInitializerOperation nested => nested.InitializedMember,
                        _ => null,
                    };
                    if (assigned is IPropertyReferenceOperation property)
                    {
                        sets.Add(property.Property.Name);
                    }
                    else
                    {
                        return null; // something the plan does not understand (a collection initializer, an error)
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            return new FixPlan(client, TargetHandler, handler.Syntax, sets, counts);
        }

        /// <summary>The handler property <paramref name="write"/> moves to, or null when it cannot move as it is.</summary>
        public string? FixFor(Write write)
        {
            var syntax = write.Assignment.Syntax;
            if (syntax.SyntaxTree != client.Creation.Syntax.SyntaxTree ||
                !SymbolEqualityComparer.Default.Equals(write.Member.EnclosingType(), client.Member.EnclosingType()) ||
                writesPerSetting[write.Setting] != 1 ||
                write.Assignment.Parent is not IExpressionStatementOperation ||
                syntax.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax })
            {
                return null;
            }

            var value = write.Assignment.Value;
            var property = write.Setting switch
            {
                Setting.DefaultConnectionLimit => MaxConnectionsPerServer,
                Setting.ServerCertificateValidationCallback => SslOptions,
                Setting.Expect100Continue => Expect100ContinueTimeout,
                Setting.DnsRefreshTimeout => PooledConnectionLifetime,
                Setting.MaxServicePointIdleTime => PooledConnectionIdleTimeout,
                _ => null, // UseNagleAlgorithm: only a ConnectCallback can turn Nagle back on
            };
            if (property is null || handlerSets.Contains(property))
            {
                return null;
            }

            if (write.Assignment is ICompoundAssignmentOperation && write.Setting != Setting.ServerCertificateValidationCallback)
            {
                return null; // 'DefaultConnectionLimit *= 2' reads the ignored value
            }

            var constant = value.WalkDownConversions().ConstantValue;
            var fits = write.Setting switch
            {
                // Expect100Continue = false (do not wait for 100 Continue) is Expect100ContinueTimeout = TimeSpan.Zero;
                // true has no handler equivalent (a request asks for it with Headers.ExpectContinue).
                Setting.Expect100Continue => constant is { HasValue: true, Value: false },

                // 0 meant "resolve on every new connection", not "never reuse a connection": only positive constants map.
                Setting.DnsRefreshTimeout => constant is { HasValue: true, Value: int milliseconds } && milliseconds > 0,
                Setting.ServerCertificateValidationCallback => SenderUnused(value),
                _ => true,
            };

            return fits && CanMove(value, write) ? property : null;
        }

        /// <summary>
        /// The value can be written where the client is built: it reads no local or parameter from around the write, no
        /// <c>this</c> or local function unless the client is built in the same member, awaits nothing, and does not read
        /// ServicePointManager itself.
        /// </summary>
        private bool CanMove(IOperation value, Write write)
        {
            var span = value.Syntax.Span;
            var sameMember = SymbolEqualityComparer.Default.Equals(write.Member, client.Member);
            foreach (var operation in value.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case ILocalReferenceOperation local when !DeclaredWithin(local.Local, span):
                    case IParameterReferenceOperation parameter when !DeclaredWithin(parameter.Parameter, span):
                    case IInstanceReferenceOperation when !sameMember:
                    case IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } when !sameMember:
                    case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } when !sameMember:
                    case IAwaitOperation:
                    case IMemberReferenceOperation member when member.Member.ContainingType.Is(write.Target.Property.ContainingType):
                        return false;
                }
            }

            return true;
        }

        private static bool DeclaredWithin(ISymbol symbol, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            foreach (var location in symbol.Locations)
            {
                if (location.IsInSource && span.Contains(location.SourceSpan))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The callback's first parameter was the HttpWebRequest; SslOptions' callback gets the SslStream. A lambda or
        /// method that reads it would change meaning, so only callbacks that never read it move.
        /// </summary>
        private static bool SenderUnused(IOperation value)
        {
            var target = value.WalkDownConversions();
            if (target is IDelegateCreationOperation creation)
            {
                target = creation.Target.WalkDownConversions();
            }

            switch (target)
            {
                case IAnonymousFunctionOperation lambda:
                    if (lambda.Symbol.Parameters.Length == 0)
                    {
                        return true; // delegate { ... }
                    }

                    var sender = lambda.Symbol.Parameters[0];
                    foreach (var operation in lambda.Body.Descendants())
                    {
                        if (operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, sender))
                        {
                            return false;
                        }
                    }

                    return true;
                case IMethodReferenceOperation { Method: { Parameters.Length: > 0 } method }:
                    // No semantic model for another method's body here: any identifier spelled like the parameter counts as a read.
                    var name = method.Parameters[0].Name;
                    var found = false;
                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        found = true;
                        var declaration = reference.GetSyntax();
                        var body = (SyntaxNode?)(declaration as BaseMethodDeclarationSyntax)?.Body ?? (declaration as BaseMethodDeclarationSyntax)?.ExpressionBody
                            ?? (SyntaxNode?)(declaration as LocalFunctionStatementSyntax)?.Body ?? (declaration as LocalFunctionStatementSyntax)?.ExpressionBody;
                        if (body is null)
                        {
                            return false;
                        }

                        foreach (var token in body.DescendantTokens())
                        {
                            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
                            {
                                return false;
                            }
                        }
                    }

                    return found;
                default:
                    return false;
            }
        }
    }
}
