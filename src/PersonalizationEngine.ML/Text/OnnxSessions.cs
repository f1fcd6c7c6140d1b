using Microsoft.ML.OnnxRuntime;

namespace PersonalizationEngine.ML.Text;

/// <summary>What every ONNX Runtime session of the engine shares: the choice of execution provider.</summary>
public static class OnnxSessions
{
    /// <summary>Session options for "CPU" or "CUDA" (the engine built with the Microsoft.ML.OnnxRuntime.Gpu package and a CUDA GPU).</summary>
    public static SessionOptions For(string executionProvider)
    {
        var options = new SessionOptions();
        if (executionProvider == "CUDA") AppendCuda(options);
        return options;
    }

    private static void AppendCuda(SessionOptions options)
    {
        try
        {
            options.AppendExecutionProvider_CUDA(0);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            throw new InvalidOperationException("the CUDA execution provider needs the engine built with the Microsoft.ML.OnnxRuntime.Gpu package and a CUDA GPU; use CPU here", ex);
        }
    }
}
