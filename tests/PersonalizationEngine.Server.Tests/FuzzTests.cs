using System.Collections;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Server.Hosting;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// Random and malformed messages on every unary method of the API: bytes that are not protobuf, and
/// messages whose fields hold huge strings, invalid UTF-8, control characters, extreme and non-finite
/// numbers, out-of-range enums and long repeated fields. Every reply must be a clear status (OK,
/// INVALID_ARGUMENT, NOT_FOUND, ...), never INTERNAL, UNKNOWN or DATA_LOSS, and the engine must stay up.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class FuzzTests(EngineFixture fixture)
{
    private static readonly StatusCode[] Unclear = [StatusCode.Internal, StatusCode.Unknown, StatusCode.DataLoss];

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    public static TheoryData<string> UnaryMethods()
    {
        var data = new TheoryData<string>();
        foreach (var method in ApiDescriptors.Methods.Where(m => !m.IsClientStreaming && !m.IsServerStreaming))
        {
            // Retrain with a valid model name would start real training runs; its bad names are covered below.
            // A valid StartExperiment would split the shared engine's customers; its bad input is covered in ExperimentServiceTests.
            if (method.Name is not ("Retrain" or "StartExperiment")) data.Add(method.FullName);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(UnaryMethods))]
    public async Task Random_and_malformed_messages_get_a_clear_status(string fullName)
    {
        var method = ApiDescriptors.Methods.Single(m => m.FullName == fullName);
        // Seeded by the method's name, the same in every run (string hash codes differ from process to process):
        // a run that fails can be run again with the same messages.
        var random = new Random(fullName.Aggregate(17, (hash, c) => unchecked(hash * 31 + c)));
        var payloads = Enumerable.Range(0, 12).Select(_ => RandomBytes(random))
            .Concat(Enumerable.Range(0, 24).Select(i => RandomMessage(method.InputType, random, depth: 0, hostile: i % 2 == 0)))
            .Append(WithInvalidUtf8(method.InputType));

        foreach (var payload in payloads)
        {
            var status = await CallAsync(method, payload);
            Assert.False(Unclear.Contains(status.StatusCode), $"{fullName} answered {status.StatusCode}: {status.Detail}");
        }
        var health = await new Health.HealthClient(fixture.Engine.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Retrain_with_names_that_are_not_models_is_invalid_argument()
    {
        var method = AdminReflection.Descriptor.Services.Single().Methods.Single(m => m.Name == "Retrain");
        // (An empty name means the recommendation model, by design.)
        foreach (var name in new[] { "nope", new string('x', 100_000), "recommendation\u0000", "\uFFFD" })
        {
            var status = await CallAsync(method, new RetrainRequest { Model = name }.ToByteArray());
            Assert.True(status.StatusCode == StatusCode.InvalidArgument, $"Retrain {name[..Math.Min(20, name.Length)]}: {status.StatusCode} {status.Detail}");
        }
    }

    private async Task<Status> CallAsync(MethodDescriptor method, byte[] payload)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Raw, Raw);
        try
        {
            await fixture.Engine.Channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), payload);
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 300)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] RandomMessage(MessageDescriptor type, Random random, int depth, bool hostile) =>
        Fill(type, random, depth, hostile).ToByteArray();

    private static IMessage Fill(MessageDescriptor type, Random random, int depth, bool hostile)
    {
        var message = (IMessage)Activator.CreateInstance(type.ClrType)!;
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            if (random.Next(4) == 0) continue;
            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var key = field.MessageType.FindFieldByNumber(1);
                var value = field.MessageType.FindFieldByNumber(2);
                for (var i = random.Next(hostile ? 50 : 3); i > 0; i--)
                    if (ValueFor(key, random, depth, hostile) is { } k) map[k] = ValueFor(value, random, depth, hostile);
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = random.Next(hostile ? 300 : 4); i > 0; i--)
                    if (ValueFor(field, random, depth, hostile) is { } v) list.Add(v);
            }
            else if (ValueFor(field, random, depth, hostile) is { } v)
            {
                field.Accessor.SetValue(message, v);
            }
        }
        return message;
    }

    private static object? ValueFor(FieldDescriptor field, Random random, int depth, bool hostile) => field.FieldType switch
    {
        FieldType.String => RandomString(random, hostile),
        FieldType.Bytes => ByteString.CopyFrom(RandomBytes(random)),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Pick(random, [0, -1, 1, int.MinValue, int.MaxValue, random.Next(-1000, 1000)]),
        FieldType.UInt32 or FieldType.Fixed32 => Pick(random, [0u, 1u, uint.MaxValue]),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Pick(random, [0L, -1L, long.MinValue, long.MaxValue]),
        FieldType.UInt64 or FieldType.Fixed64 => Pick(random, [0UL, ulong.MaxValue]),
        FieldType.Double => Pick(random, [0.0, -1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -1e308, 1e-320, 3.5]),
        FieldType.Float => Pick(random, [0f, -1f, float.NaN, float.PositiveInfinity, float.MaxValue, 2.5f]),
        // An enum field takes any number on the wire, known or not.
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, Pick(random, [0, 1, 2, 4, 99, -7, int.MaxValue])),
        FieldType.Message when depth < 3 => Fill(field.MessageType, random, depth + 1, hostile),
        _ => null,
    };

    private static string RandomString(Random random, bool hostile) => random.Next(hostile ? 7 : 3) switch
    {
        0 => "",
        1 => $"id-{random.Next(100)}",
        2 => " padded ",
        3 => new string('x', random.Next(1_000, 200_000)),
        4 => "ctl\u0000\u0007\u001b",
        5 => "zero\u200Bwidth\u202Ertl",
        _ => "half\uD800pair\uDFFF",
    };

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    /// <summary>A message whose every string field holds bytes that are not UTF-8 (protobuf writers never make these).</summary>
    private static byte[] WithInvalidUtf8(MessageDescriptor type)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        foreach (var field in type.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.String && !f.IsRepeated))
        {
            output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(0xFF, 0xFE, 0xC0, 0x80, (byte)'a'));
        }
        output.Flush();
        return stream.ToArray().Length > 0 ? stream.ToArray() : Encoding.UTF8.GetBytes("\u00FF");
    }
}
