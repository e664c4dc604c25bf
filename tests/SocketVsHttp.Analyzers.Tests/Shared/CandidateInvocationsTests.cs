using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketVsHttp.Shared;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Shared;

/// <summary>Queries <see cref="CandidateInvocation"/> on calls that did not bind: which method, on which receiver.</summary>
public class CandidateInvocationsTests
{
    [Theory]
    // An argument whose name or type does not bind: every overload considered is HttpHeaders.Add.
    [InlineData("""client.DefaultRequestHeaders.Add("X", Missing.Value)""", "System.Net.Http.Headers.HttpHeaders.Add", "client.DefaultRequestHeaders")]
    [InlineData("""client.DefaultRequestHeaders.Add("X", new MissingType())""", "System.Net.Http.Headers.HttpHeaders.Add", "client.DefaultRequestHeaders")]
    // One candidate only (Remove has one overload), a generic containing type, wrong arity.
    [InlineData("""client.DefaultRequestHeaders.Remove(Missing.Value)""", "System.Net.Http.Headers.HttpHeaders.Remove", "client.DefaultRequestHeaders")]
    [InlineData("""client.DefaultRequestHeaders.Accept.Add(new MissingHeader("x"))""", "System.Net.Http.Headers.HttpHeaderValueCollection<T>.Add", "client.DefaultRequestHeaders.Accept")]
    [InlineData("""client.DefaultRequestHeaders.Add("X", "a", "b")""", "System.Net.Http.Headers.HttpHeaders.Add", "client.DefaultRequestHeaders")]
    // A static call has no receiver.
    [InlineData("""Console.WriteLine(Missing.Value)""", "System.Console.WriteLine", null)]
    public async Task Names_the_candidate_and_the_receiver(string call, string method, string? receiver)
    {
        var found = await FindAsync(call);

        Assert.True(found.HasValue);
        var invocation = found!.Value;
        Assert.Equal(method, invocation.Method.OriginalDefinition.ContainingType.ToDisplayString() + "." + invocation.Method.Name);
        Assert.Equal(receiver, invocation.Instance?.Syntax.ToString());
    }

    [Theory]
    // A call that binds is an IInvocationOperation: nothing to do here.
    [InlineData("""client.DefaultRequestHeaders.Add("X", "a")""")]
    // The method itself does not exist, or the receiver does not bind: nothing is known.
    [InlineData("""client.DefaultRequestHeaders.AddMissing("X", "a")""")]
    [InlineData("""missing.DefaultRequestHeaders.Add("X", "a")""")]
    // Candidates declared by different types (two extension classes): which method was meant is not known.
    [InlineData("""client.Tag(Missing.Value)""")]
    [InlineData("""Missing.Call(client)""")]
    // Syntax errors in the call: code being typed is never classified.
    [InlineData("""client.DefaultRequestHeaders.Add("X", )""")]
    [InlineData("""client.DefaultRequestHeaders.Add("X", Missing.""")]
    public async Task Knows_nothing(string call)
    {
        Assert.False((await FindAsync(call)).HasValue);
    }

    private static async Task<CandidateInvocation?> FindAsync(string call)
    {
        var source = $$"""
            using System;
            using System.Net.Http;

            class C
            {
                void M(HttpClient client)
                {
                    {{call}};
                }
            }

            static class TagsA { public static void Tag(this HttpClient client, int id) { } }
            static class TagsB { public static void Tag(this HttpClient client, Guid id) { } }
            """;
        var references = await TestReferences.Net100.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var tree = CSharpSyntaxTree.ParseText(source);
        var compilation = CSharpCompilation.Create("probe", [tree], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var model = compilation.GetSemanticModel(tree);

        // The outermost call in the statement (an unbound argument can hold calls of its own).
        var invocation = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        if (invocation is null || model.GetOperation(invocation) is not { } operation)
        {
            return null;
        }

        return CandidateInvocation.TryCreate(operation, CancellationToken.None, out var found) ? found : null;
    }
}
