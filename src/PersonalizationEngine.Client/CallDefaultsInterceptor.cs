using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PersonalizationEngine.Client;

/// <summary>Gives every call the client's credentials and, unless the call sets one, its default deadline.</summary>
public sealed class CallDefaultsInterceptor(PersonalizationClientOptions options) : Interceptor
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        BlockingUnaryCallContinuation<TRequest, TResponse> continuation) => continuation(request, WithDefaults(context));

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation) => continuation(request, WithDefaults(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDefaults(context));

    // Streams (TrackStream, health watches) run as long as the caller keeps them open: credentials only.
    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDefaults(context, deadline: false));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithDefaults(context, deadline: false));

    private ClientInterceptorContext<TRequest, TResponse> WithDefaults<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context,
        bool deadline = true)
        where TRequest : class
        where TResponse : class
    {
        var headers = context.Options.Headers ?? [];
        if (options.ApiKey.Length > 0 && headers.Get("x-api-key") is null) headers.Add("x-api-key", options.ApiKey);
        if (options.BearerToken.Length > 0 && headers.Get("authorization") is null) headers.Add("authorization", $"Bearer {options.BearerToken}");
        var callOptions = context.Options.WithHeaders(headers);
        if (deadline && callOptions.Deadline is null && options.Deadline != Timeout.InfiniteTimeSpan) callOptions = callOptions.WithDeadline(DateTime.UtcNow.Add(options.Deadline));
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, callOptions);
    }
}
