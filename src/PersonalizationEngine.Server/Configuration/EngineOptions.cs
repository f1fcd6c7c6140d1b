using System.ComponentModel.DataAnnotations;

namespace PersonalizationEngine.Server.Configuration;

/// <summary>The engine's settings (configuration section "Engine"); validated at start-up.</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>Folder for the event log, grain state and checkpoints; created if missing.</summary>
    [Required]
    public string DataFolder { get; set; } = "data";

    /// <summary>Address the gRPC and dashboard endpoints listen on.</summary>
    [Required]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTP/2 (gRPC) port. 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; } = 5000;

    /// <summary>HTTP/1 port of the Orleans Dashboard (/dashboard). 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int DashboardPort { get; set; } = 5001;

    /// <summary>
    /// Serve the Orleans Dashboard. It samples every Orleans metric once a second, the grain directory's cache
    /// size among them, which costs CPU in proportion to the active grains (the history of docs/benchmarks.md): a silo
    /// that serves at its limit may turn it off.
    /// </summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>
    /// Web origins ("https://shop.example.com") whose pages may call the HTTP/JSON and gRPC-Web API from
    /// the browser (CORS). Empty: only pages the engine serves itself (the storefront).
    /// </summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>Serve the demo storefront page at /shop on the HTTP/1 port (it calls the HTTP/JSON API with the key typed into it).</summary>
    public bool Storefront { get; set; } = true;

    /// <summary>OpenTelemetry traces of gRPC calls, grain calls, log appends, the projection and training runs.</summary>
    public TracingOptions Tracing { get; set; } = new();

    /// <summary>API keys and JWT bearer tokens, with scopes and per-caller rate limits.</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>Serve gRPC over TLS with this certificate (a PKCS#12 file); empty: plain HTTP/2.</summary>
    public string TlsCertificatePath { get; set; } = "";

    public string TlsCertificatePassword { get; set; } = "";

    /// <summary>Largest gRPC message the engine accepts, in bytes.</summary>
    [Range(1_024, 256 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Orleans silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// 0: this silo is the whole (or the primary of a) local cluster. Otherwise the silo port of the
    /// primary silo on this machine, which this one joins.
    /// </summary>
    [Range(0, 65535)]
    public int PrimarySiloPort { get; set; }

    /// <summary>Orleans client gateway port; 0 turns the gateway off (the co-hosted services need none).</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// "Sqlite" (durable, under the data folder), "Memory" (lost on restart; the log is replayed) or "Redis"
    /// (durable and shared by the cluster's silos, at <see cref="Redis"/>).
    /// </summary>
    [RegularExpression("^(Sqlite|Memory|Redis)$", ErrorMessage = "GrainStorage must be Sqlite, Memory or Redis")]
    public string GrainStorage { get; set; } = "Sqlite";

    /// <summary>
    /// A Redis connection string ("host:6379,password=..."): the silos of a cluster find each other there
    /// (Orleans Redis clustering) instead of on this machine only, and GrainStorage=Redis keeps grain state there.
    /// </summary>
    public string Redis { get; set; } = "";

    /// <summary>
    /// A PostgreSQL connection string ("Host=...;Username=...;Password=...;Database=..."): the event log, the
    /// projection checkpoint and the model runs live there, one log for every silo, so any silo may take any
    /// write and one silo at a time projects the log to the grains. Needs GrainStorage=Redis (grain state every silo reads).
    /// </summary>
    public string Postgres { get; set; } = "";

    /// <summary>The cluster's name in the membership table: silos with the same ClusterId form one cluster.</summary>
    [Required]
    public string ClusterId { get; set; } = "personalization-engine";

    /// <summary>
    /// Running in Kubernetes (with Engine:Redis): Orleans' Kubernetes hosting takes the silo's name, address
    /// and cluster id from the pod (deploy/kubernetes/engine.yaml) instead of ClusterId and AdvertisedAddress.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>The address other silos reach this one at (with Engine:Redis).</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    [Range(1, 100_000)]
    public int MaxEventsPerTrack { get; set; } = 1_000;

    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 10_000;

    [Range(1, 1_024)]
    public int MaxIdLength { get; set; } = 128;

    [Range(1, 10_000)]
    public int MaxRecommendCount { get; set; } = 200;

    /// <summary>Unary calls running at once beyond which new ones are answered RESOURCE_EXHAUSTED (load shedding).</summary>
    [Range(1, 1_000_000)]
    public int MaxConcurrentCalls { get; set; } = 256;

    /// <summary>
    /// Events the grains may be behind the event log before writers are held back: bulk writers wait beyond
    /// it, a unary Track is answered RESOURCE_EXHAUSTED beyond a fifth more (<c>IngestionBackpressure</c>).
    /// </summary>
    [Range(1, 1_000_000_000)]
    public long MaxProjectionLag { get; set; } = 5_000_000;

    /// <summary>How many recent event ids are remembered for idempotent retries.</summary>
    [Range(1_000, 100_000_000)]
    public int DeduplicationWindow { get; set; } = 5_000_000;

    /// <summary>
    /// While the engine is quiet (no traffic to speak of), compact the heap and return the memory freed since the
    /// last compaction to the operating system: every 30 s when idle, and before each training run
    /// (<see cref="Grains.QuietCompaction"/>).
    /// </summary>
    public bool CompactWhenQuiet { get; set; } = true;

    /// <summary>Load the demo shop on first start with an empty data folder.</summary>
    public bool DemoOnFirstStart { get; set; } = true;

    /// <summary>Load the demo shop now (the --demo switch), even into a data folder that has data.</summary>
    public bool Demo { get; set; }

    [Range(1, 10_000_000)]
    public int DemoCustomers { get; set; } = 3_000;

    [Range(12, 1_000_000)]
    public int DemoProducts { get; set; } = 600;

    [Range(1, 100_000_000)]
    public int DemoEvents { get; set; } = 200_000;

    public string EventLogFolder => Path.Combine(DataFolder, "events");

    public string GrainDatabasePath => Path.Combine(DataFolder, "grains.db");

    public string CheckpointPath => Path.Combine(DataFolder, "projection.checkpoint");

    /// <summary>The demo's generated labelled reviews, relative to the data folder (the default Sentiment:CorpusPaths entry).</summary>
    public const string DemoCorpus = "demo/labelled-reviews.txt";

    public bool DurableGrainStorage => GrainStorage is "Sqlite" or "Redis";

    public bool SqliteGrainStorage => GrainStorage == "Sqlite";

    /// <summary>The event log is shared by the cluster's silos (in PostgreSQL), not this silo's own folder.</summary>
    public bool SharedLog => Postgres.Length > 0;
}
