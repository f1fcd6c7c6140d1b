using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Server.Configuration;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// A unary call whose body is not a valid message of its request type is answered INVALID_ARGUMENT naming
/// the type. grpc-dotnet decodes the request before any interceptor runs and reports a decoding failure
/// as UNKNOWN ("Exception was thrown by handler"), which tells a client nothing; so the request (one
/// length-prefixed message, at most Engine:MaxMessageBytes) is decoded here first. Streaming calls
/// decode message by message in their handlers.
/// </summary>
public sealed class MalformedRequestMiddleware(RequestDelegate next, IOptions<EngineOptions> options)
{
    private static readonly Dictionary<string, MessageDescriptor> UnaryRequestTypes = ApiDescriptors.Methods
        .Where(m => !m.IsClientStreaming && !m.IsServerStreaming)
        .ToDictionary(m => $"/{m.Service.FullName}/{m.Name}", m => m.InputType, StringComparer.Ordinal);

    private const int FrameHeader = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!UnaryRequestTypes.TryGetValue(context.Request.Path.Value ?? "", out var type))
        {
            await next(context);
            return;
        }
        // The engine's own message limit applies, not Kestrel's body limit (which answers HTTP 413, an
        // UNKNOWN status to a gRPC client).
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = null;
        var limit = options.Value.MaxMessageBytes;
        using var body = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            // Through the pipe: for gRPC-Web text, that is where the base64 is decoded.
            var request = context.Request.BodyReader.AsStream();
            int read;
            while ((read = await request.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (body.Length + read > limit + FrameHeader)
                {
                    Reply(context, ResourceExhausted, $"request: larger than Engine:MaxMessageBytes ({limit} bytes)");
                    return;
                }
                body.Write(buffer, 0, read);
            }
        }
        catch (InvalidOperationException ex)
        {
            // gRPC-Web's base64 reader (application/grpc-web-text, already rewritten to application/grpc here):
            // the text is not base64, or ends inside a quantum.
            Reply(context, InvalidArgument, $"request: the body is not readable as gRPC ({ex.Message}; gRPC-Web text must be base64)");
            return;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (Problem(body.GetBuffer().AsSpan(0, (int)body.Length), type) is { } problem)
        {
            Reply(context, InvalidArgument, problem);
            return;
        }
        body.Position = 0;
        context.Request.Body = body;
        // gRPC reads the body through the pipe feature, which gRPC-Web replaces with its own: point it at the copy.
        context.Features.Set<IRequestBodyPipeFeature>(new BufferedBody(body));
        await next(context);
    }

    private sealed class BufferedBody(Stream body) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = PipeReader.Create(body);
    }

    private const string InvalidArgument = "3";
    private const string ResourceExhausted = "8";

    /// <summary>A trailers-only gRPC response: the status travels in the headers.</summary>
    private static void Reply(HttpContext context, string status, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc"; // gRPC-Web's middleware answers a gRPC-Web caller in its own type
        context.Response.Headers["grpc-status"] = status;
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }

    /// <summary>Why the body is not one valid message of <paramref name="type"/>; null when it is (or is compressed, left to gRPC).</summary>
    private static string? Problem(ReadOnlySpan<byte> body, MessageDescriptor type)
    {
        if (body.Length < FrameHeader) return body.Length == 0 ? null : $"request: not a gRPC message frame of {type.Name}";
        if (body[0] != 0) return null;
        var length = BinaryPrimitives.ReadUInt32BigEndian(body[1..FrameHeader]);
        if (length != body.Length - FrameHeader) return $"request: the frame's length does not match the body of {type.Name}";
        try
        {
            type.Parser.ParseFrom(body[FrameHeader..]);
            return null;
        }
        catch (InvalidProtocolBufferException e)
        {
            return $"request: not a valid {type.Name} message ({e.Message})";
        }
    }
}
