using System.IO.Pipelines;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// gRPC-Web as browsers send it, with one addition: a gRPC-Web text body that is not base64 is answered
/// INVALID_ARGUMENT. gRPC-Web's reader fails such a body with an exception that grpc-dotnet reports as
/// UNKNOWN; wrapped here, the failure reaches gRPC as the status it should be. Binary and text bodies that
/// decode to something other than a valid message are checked where the message is decoded
/// (<see cref="CheckedRequestBinder{TService}"/>).
/// </summary>
public static class GrpcWebTextCheck
{
    private const string TextContentType = "application/grpc-web-text";
    private static readonly object TextRequest = new();

    public static void UseGrpcWebWithTextCheck(this WebApplication app)
    {
        // gRPC-Web rewrites the content type to plain gRPC: note the text requests before it does.
        app.Use((context, next) =>
        {
            if (context.Request.ContentType?.StartsWith(TextContentType, StringComparison.OrdinalIgnoreCase) == true)
                context.Items[TextRequest] = true;
            return next(context);
        });
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.Use((context, next) =>
        {
            if (context.Items.ContainsKey(TextRequest) && context.Features.Get<IRequestBodyPipeFeature>() is { } body)
                context.Features.Set<IRequestBodyPipeFeature>(new CheckedBody(new CheckedReader(body.Reader)));
            return next(context);
        });
    }

    private sealed class CheckedBody(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }

    /// <summary>The decoding reader, its failure to decode turned into INVALID_ARGUMENT.</summary>
    private sealed class CheckedReader(PipeReader decoding) : PipeReader
    {
        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await decoding.ReadAsync(cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"request: the body is not readable as gRPC ({e.Message}; gRPC-Web text must be base64)"));
            }
        }

        public override bool TryRead(out ReadResult result) => decoding.TryRead(out result);
        public override void AdvanceTo(SequencePosition consumed) => decoding.AdvanceTo(consumed);
        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => decoding.AdvanceTo(consumed, examined);
        public override void CancelPendingRead() => decoding.CancelPendingRead();
        public override void Complete(Exception? exception = null) => decoding.Complete(exception);
    }
}
