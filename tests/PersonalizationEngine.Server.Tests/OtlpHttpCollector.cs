using System.Net;
using System.Text;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// The receiving end of OTLP over HTTP (POST /v1/traces, protobuf), enough to see what an exporter sent:
/// it keeps every body. Span names are plain UTF-8 inside the protobuf, so a test can look for them.
/// </summary>
public sealed class OtlpHttpCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly StringBuilder _received = new();
    private readonly Task _serving;

    public OtlpHttpCollector(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}/v1/traces";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    /// <summary>Every trace export body so far, as text.</summary>
    public string Received
    {
        get
        {
            lock (_received) return _received.ToString();
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces")
                lock (_received) _received.Append(Encoding.UTF8.GetString(body.ToArray()));
            // An empty ExportTraceServiceResponse: everything accepted.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
