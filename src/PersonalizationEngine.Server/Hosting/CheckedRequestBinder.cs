using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// Binds every gRPC service as grpc-dotnet's own binder does (the generated <c>BindService</c>, one
/// endpoint per method), with one difference: a request body that is not a valid message of its type is
/// answered INVALID_ARGUMENT naming the type. grpc-dotnet reports a failed decode as UNKNOWN ("Exception
/// was thrown by handler"), which tells a client nothing; checking in the marshaller keeps it to the one
/// decode every request needs anyway.
/// </summary>
public sealed class CheckedRequestBinder<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        // The generated base class names its binding method; services without one are left to other providers.
        var bind = typeof(TService).GetCustomAttributes<BindServiceMethodAttribute>(inherit: true).FirstOrDefault();
        var method = bind?.BindType.GetMethod(bind.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), typeof(TService)]);
        method?.Invoke(null, [new Binder(context), null]);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Checked(method), MetadataOf(method), Handler<UnaryServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Checked(method), MetadataOf(method), Handler<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Checked(method), MetadataOf(method), Handler<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Checked(method), MetadataOf(method), Handler<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method));

        /// <summary>The service's own method for <paramref name="method"/>, called on the instance grpc-dotnet activates per call.</summary>
        private static THandler Handler<THandler>(IMethod method) where THandler : Delegate =>
            ServiceMethod(method).CreateDelegate<THandler>();

        /// <summary>Attributes of the service and of its method (authorization, CORS and the like), as grpc-dotnet's binder passes them.</summary>
        private static List<object> MetadataOf(IMethod method) =>
            [.. typeof(TService).GetCustomAttributes(inherit: true), .. ServiceMethod(method).GetCustomAttributes(inherit: true)];

        private static MethodInfo ServiceMethod(IMethod method) =>
            typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {method.Name}");
    }

    /// <summary>The method with a request decoder that turns a malformed body into INVALID_ARGUMENT.</summary>
    private static Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var decode = method.RequestMarshaller.ContextualDeserializer;
        var marshaller = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return decode(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"request: not a valid {typeof(TRequest).Name} message ({e.Message})"));
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }
}

public static class CheckedRequestBinderExtensions
{
    /// <summary>Binds gRPC services with <see cref="CheckedRequestBinder{TService}"/> in place of grpc-dotnet's own binder (JSON transcoding keeps its own).</summary>
    public static IServiceCollection AddCheckedRequestBinder(this IServiceCollection services)
    {
        var binders = services.Where(s => s.ServiceType == typeof(IServiceMethodProvider<>)
            && s.ImplementationType is { IsGenericTypeDefinition: true, Name: "BinderServiceMethodProvider`1" }).ToList();
        if (binders.Count == 0) throw new InvalidOperationException("grpc-dotnet's binder was not found: AddGrpc() must come first");
        foreach (var binder in binders) services.Remove(binder);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(CheckedRequestBinder<>));
        return services;
    }
}
