using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// A connection kept in a field (or auto-property) that one method connects, sends the one message it is given on, and
/// closes after the send: <c>public void Send(byte[] data) { client.Connect(endPoint); client.Send(data); client.Close(); }</c>,
/// also when the connect and close are same-type helpers (<c>Connect(); socket.Send(data); Close();</c>). The field does not
/// make the connection long-lived when every message opens and closes it. Closing only on failure (in a <c>catch</c>) or
/// before connecting again (a lazy reconnect) is not this: the close must follow the send on the send's own path.
/// </summary>
public sealed partial class ConnectionPerMessageAnalyzer
{
    /// <summary><c>field = new TcpClient(...)</c> / <c>this.field = ...</c>: the field or auto-property it is stored into.</summary>
    private static ISymbol? StoredInField(IObjectCreationOperation creation) =>
        creation.WalkUpConversions().Parent is ISimpleAssignmentOperation assignment && assignment.Value == creation.WalkUpConversions()
            ? OwnField(assignment.Target)
            : null;

    /// <summary>A field or source auto-property of this instance (or a static one); null for anything else.</summary>
    private static ISymbol? OwnField(IOperation operation)
    {
        switch (operation.WalkDownConversions())
        {
            case IFieldReferenceOperation field when IsThisOrStatic(field.Instance):
                return field.Field.OriginalDefinition;
            case IPropertyReferenceOperation { Arguments.Length: 0, Property.DeclaringSyntaxReferences.Length: > 0 } property when IsThisOrStatic(property.Instance):
                return property.Property.OriginalDefinition;
            default:
                return null;
        }
    }

    private static bool IsThisOrStatic(IOperation? instance) =>
        instance?.WalkDownConversions() is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance or InstanceReferenceKind.ImplicitReceiver };

    private static void AnalyzeFieldCreation(
        OperationAnalysisContext context, IObjectCreationOperation creation, ISymbol field, string display, bool constructorConnects, KnownTypes types, TypeFactsCache<TypeMethods> bodies)
    {
        if (creation.EnclosingFunction() is not null || !IsPerMessageMember(context.ContainingSymbol) || IsEntryPoint(creation, context.ContainingSymbol))
        {
            return;
        }

        var body = creation.EnclosingBody();
        var usage = ConnectionUsage.CollectField(field, body, types, HelpersFor(context, creation, bodies), expandHelpers: true);
        if (usage is not null && IsFieldConnectionPerMessage(usage, body, constructorConnects ? creation : null))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH206, creation.Syntax.GetLocation(), display));
        }
    }

    /// <summary>
    /// <c>static TcpClient client;</c> ... <c>while (true) { client = new TcpClient(host, port); client.GetStream().Write(...); }</c>:
    /// a private field that only this method uses, given a new connection on every pass of a loop, is a local in all but
    /// name: judged like one (connected, one send, no read loop, the loop neither stops early nor waits). Returns true when
    /// the field qualifies for this judgment (whether or not it reported).
    /// </summary>
    private static bool AnalyzeFieldCreationInLoop(
        OperationAnalysisContext context, IObjectCreationOperation creation, ISymbol field, string display, bool constructorConnects, KnownTypes types, TypeFactsCache<TypeMethods> bodies)
    {
        if (creation.EnclosingLoop() is not { } loop || field is not IFieldSymbol { DeclaredAccessibility: Accessibility.Private }
            || creation.EnclosingFunction() is not null)
        {
            return false;
        }

        var body = creation.EnclosingBody();
        var helpers = HelpersFor(context, creation, bodies);
        if (helpers.Methods is not { } methods || !methods.OnlyUsedIn(field, body))
        {
            return false;
        }

        var usage = ConnectionUsage.CollectField(field, body, types, helpers, expandHelpers: false, anchor: creation);
        if (usage is not null && (usage.Connects || constructorConnects) && !usage.Serves && usage.Sends.Count == 1 && !usage.RepeatsSendOrReceive
            && !ExitsEarly(loop) && !Waits(loop, types))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH206, creation.Syntax.GetLocation(), display));
        }

        return true;
    }

    /// <summary>
    /// <c>field.Connect(...)</c> in a method that also sends the message it is given and closes the field, or in a same-type
    /// helper (<c>Connect()</c>) called by such methods: reported at the connect, or at the helper call in each such method.
    /// </summary>
    private static void AnalyzeFieldConnect(OperationAnalysisContext context, KnownTypes types, TypeFactsCache<TypeMethods> bodies)
    {
        var connect = (IInvocationOperation)context.Operation;
        var name = connect.TargetMethod.Name;
        if (!(name.StartsWith("Connect", System.StringComparison.Ordinal) || name == "BeginConnect")
            || TcpCallKinds.Classify(connect, types) != TcpCallKind.Connect
            || connect.EnclosingFunction() is not null
            || TcpCallKinds.Receiver(connect) is not { } receiver
            || OwnField(receiver) is not { } field
            || context.ContainingSymbol is not IMethodSymbol method)
        {
            return;
        }

        var type = receiver.WalkDownConversions().Type;
        var display = type.IsOrDerivesFrom(types.TcpClient) ? "TcpClient" : type.IsOrDerivesFrom(types.Socket) ? "Socket" : null;
        var helpers = HelpersFor(context, connect, bodies);
        if (display is null || helpers.Methods is not { } methods || (display == "Socket" && !methods.IsTcpSocketField(field, types)))
        {
            return;
        }

        var body = connect.EnclosingBody();
        if (IsPerMessageMember(method) && !CreatesField(body, field))
        {
            var usage = ConnectionUsage.CollectField(field, body, types, helpers, expandHelpers: true);
            if (usage is not null && FirstSite(usage.ConnectSites) == connect && IsFieldConnectionPerMessage(usage, body, null))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH206, connect.Syntax.GetLocation(), display));
            }

            if (usage is null || usage.Sends.Count > 0)
            {
                // A method that sends on the field itself is judged on its own, not as a helper of its callers.
                return;
            }
        }

        // The connect sits in a helper (Connect()): judge each same-type method in this file that calls it.
        foreach (var call in methods.CallersOf(method))
        {
            if (call.EnclosingFunction() is not null || call.Syntax.SyntaxTree != connect.Syntax.SyntaxTree
                || call.SemanticModel?.GetEnclosingSymbol(call.Syntax.SpanStart, context.CancellationToken) is not IMethodSymbol caller
                || caller.Is(method) || !IsPerMessageMember(caller))
            {
                continue;
            }

            var callerBody = call.EnclosingBody();
            if (CreatesField(callerBody, field))
            {
                continue;
            }

            // One report per method: at its first connect, when that is this helper call (a direct connect reports itself).
            var usage = ConnectionUsage.CollectField(field, callerBody, types, helpers, expandHelpers: true);
            if (usage is not null && FirstSite(usage.ConnectSites) == call && IsFieldConnectionPerMessage(usage, callerBody, null))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH206, call.Syntax.GetLocation(), display));
            }
        }
    }

    private static IOperation? FirstSite(IReadOnlyList<IOperation> sites)
    {
        IOperation? first = null;
        foreach (var site in sites)
        {
            if (first is null || site.Syntax.SpanStart < first.Syntax.SpanStart)
            {
                first = site;
            }
        }

        return first;
    }

    /// <summary>An ordinary method (not a constructor, accessor, operator or entry point) may send one message per call.</summary>
    private static bool IsPerMessageMember(ISymbol member) =>
        member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method
        && !(method.IsStatic && (method.Name == "Main" || method.Name == HttpClientLifetime.TopLevelProgramName));

    /// <summary>The body assigns a new connection to the field: the creation is reported instead (see <see cref="AnalyzeFieldCreation"/>).</summary>
    private static bool CreatesField(IOperation body, ISymbol field)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is IObjectCreationOperation creation && StoredInField(creation) is { } stored && stored.Is(field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Connected before its one send (or by the constructor at <paramref name="connectingCreation"/>), the send carries a
    /// parameter's data, and a close follows the send on the send's own path (not in a catch, not under a branch or loop
    /// the send is not in; a <c>finally</c> or a <c>using</c> around the send always counts).
    /// </summary>
    private static bool IsFieldConnectionPerMessage(ConnectionUsage usage, IOperation body, IOperation? connectingCreation)
    {
        if (usage.Serves || usage.Sends.Count != 1 || usage.RepeatsSendOrReceive)
        {
            return false;
        }

        var send = usage.Sends[0];
        if (!body.Syntax.Span.Contains(send.Syntax.Span) || !SendsParameterData(send, body))
        {
            return false;
        }

        var connected = connectingCreation is not null && connectingCreation.Syntax.SpanStart < send.Syntax.SpanStart;
        foreach (var site in usage.ConnectSites)
        {
            connected |= site.Syntax.SpanStart < send.Syntax.SpanStart && body.Syntax.Span.Contains(site.Syntax.Span);
        }

        if (!connected)
        {
            return false;
        }

        foreach (var site in usage.CloseSites)
        {
            if (body.Syntax.Span.Contains(site.Syntax.Span) && ClosesAfter(site, send, body))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ClosesAfter(IOperation site, IOperation send, IOperation body)
    {
        if (site is IUsingOperation usingOperation)
        {
            return send.IsDescendantOf(usingOperation);
        }

        if (site.Syntax.SpanStart <= send.Syntax.SpanStart)
        {
            return false;
        }

        if (InFinally(site))
        {
            return true;
        }

        for (var current = site.Parent; current is not null && current != body; current = current.Parent)
        {
            switch (current)
            {
                case ICatchClauseOperation:
                    return false;
                case IConditionalOperation or ISwitchCaseOperation or ILoopOperation when !send.IsDescendantOf(current):
                    return false;
            }
        }

        return true;
    }

    private sealed partial class TypeMethods
    {
        /// <summary>Every creation the type stores into <paramref name="field"/> is a TCP socket (and there is one).</summary>
        public bool IsTcpSocketField(ISymbol field, KnownTypes types)
        {
            var found = false;
            foreach (var creation in FieldCreations)
            {
                if (SocketCallFacts.StoredInto(creation) is { } stored && stored.OriginalDefinition.Is(field))
                {
                    if (!IsTcpSocket(creation, types))
                    {
                        return false;
                    }

                    found = true;
                }
            }

            return found;
        }
    }

    private sealed partial class ConnectionUsage
    {
        private readonly List<IOperation> connectSites = new();
        private readonly List<IOperation> closeSites = new();
        private bool receives;

        /// <summary>The connect calls in the analyzed body (or the same-type helper calls that connect).</summary>
        public IReadOnlyList<IOperation> ConnectSites => connectSites;

        /// <summary>The close calls and <c>using</c> statements in the analyzed body (or the same-type helper calls that close).</summary>
        public IReadOnlyList<IOperation> CloseSites => closeSites;

        /// <summary>
        /// What <paramref name="body"/> does with the connection held in <paramref name="field"/>; with
        /// <paramref name="expandHelpers"/>, also what the same-type methods it calls do with it (one level; the call stands
        /// for their connect/close). Null when the connection escapes (passed on, captured, given to another owner).
        /// </summary>
        public static ConnectionUsage? CollectField(ISymbol field, IOperation body, KnownTypes types, HelperBodies helpers, bool expandHelpers, IOperation? anchor = null)
        {
            // The anchor (the creation) sets the loop a send must stay in to count once; by default the body (no loop).
            var usage = new ConnectionUsage(anchor ?? body, types, helpers);
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case ILocalReferenceOperation reference:
                        usage.localReferences.Add(reference);
                        break;
                    case IInvocationOperation invocation when TcpCallKinds.Classify(invocation, types) == TcpCallKind.Accept:
                        usage.Serves = true;
                        break;
                }
            }

            foreach (var operation in body.Descendants())
            {
                if (usage.escapes)
                {
                    return null;
                }

                if (operation is IFieldReferenceOperation or IPropertyReferenceOperation && OwnField(operation) is { } referenced && referenced.Is(field))
                {
                    if (operation.Parent is ISimpleAssignmentOperation assignment && assignment.Target == operation)
                    {
                        // field = new TcpClient(...) or field = null: the field is given a connection, not handed on.
                        continue;
                    }

                    if (operation.EnclosingFunction() is not null)
                    {
                        return null;
                    }

                    usage.Visit(operation);
                }
                else if (expandHelpers && operation is IInvocationOperation call && call.EnclosingFunction() is null
                         && helpers.IsOwnMethod(call) && helpers.Methods?.BodyOf(call.TargetMethod) is { } helperBody && helperBody != body)
                {
                    var helper = CollectField(field, helperBody, types, helpers, expandHelpers: false);
                    if (helper is null)
                    {
                        return null;
                    }

                    if (helper.Connects)
                    {
                        usage.Connects = true;
                        usage.connectSites.Add(call);
                    }

                    if (helper.Closes)
                    {
                        usage.Closes = true;
                        usage.closeSites.Add(call);
                    }

                    usage.Sends.AddRange(helper.Sends);
                    usage.Serves |= helper.Serves;
                    usage.RepeatsSendOrReceive |= helper.RepeatsSendOrReceive || ((helper.Sends.Count > 0 || helper.receives) && call.EnclosingLoop() is not null);
                }
            }

            return usage.escapes ? null : usage;
        }
    }
}
