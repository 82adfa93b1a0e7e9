/// What to compile and how: the command line's options, as values.
public struct CompileOptions: Sendable {
    /// `--root`: the folder data files and outputs may not leave (default: the spec's folder).
    public var root: String?
    /// `--out-dir`: outputs are written under this folder instead of beside the spec.
    public var outDir: String?
    /// `--only`: the outputs to make, by id, file or file name (empty: all of them).
    public var only: [String]
    /// The threads to use: outputs encode in parallel, PNGs compress in strips, a PDF's
    /// provenance hashes beside layout. 1 runs everything on the calling thread.
    public var jobs: Int
    /// False to stop before encoding (`report validate`): every check `render` makes,
    /// layout included, but no bytes.
    public var encode: Bool
    /// Called as each output is encoded, from the thread that encoded it (with the number
    /// to encode: outputs `encodeCache` holds already are not encoded).
    public var progress: (@Sendable (_ file: String, _ total: Int) -> Void)?
    /// When set, each stage writes how far it has got here (the file read, blocks prepared,
    /// outputs written), for a progress line to show.
    public var status: RenderProgress?
    /// Called with each variant of a batch as it is compiled, from the thread that compiled
    /// it; what it returns is what the batch keeps. A caller writing the files as they come
    /// returns the report with its files' bytes let go (`CompiledFile.releasingBytes`), or a
    /// failure when a file could not be written.
    public var onCompiled: (@Sendable (CompiledReport) -> Result<CompiledReport, CompileFailure>)?
    /// `--set name=value`: parameter values, winning over the params file's and the matrix's.
    public var settings: [ParamSetting] = []
    /// `--params FILE`: a JSON or YAML object of parameter values.
    public var paramsFile: String?
    /// `--matrix name=a,b,c`: lists replacing (or adding to) a spec's matrix.
    public var matrix: [(name: String, values: [String])] = []
    /// `--shard K/N`: the share of a batch to render.
    public var shard: Shard?
    /// The spec's bytes for a spec named `-` (standard input).
    public var standardInput: [UInt8]?
    /// When set, every path the compile reads or looks up is noted here (see
    /// `RecordingWorld`), also when the compile fails: what `report watch` watches. The
    /// outputs' paths are among them (the loader checks none is a folder);
    /// `CompiledReport.inputFiles`, for a compile that succeeds, is the list without them.
    public var readLog: ReadLog?
    /// When set, an output laid out exactly as in the last compile given the same cache
    /// takes the bytes encoded then instead of being encoded again (`report watch`).
    public var encodeCache: EncodeCache?

    /// Options with the command line's defaults.
    public init(root: String? = nil, outDir: String? = nil, only: [String] = [], jobs: Int = 1, encode: Bool = true,
                progress: (@Sendable (_ file: String, _ total: Int) -> Void)? = nil) {
        self.root = root; self.outDir = outDir; self.only = only; self.jobs = max(1, jobs); self.encode = encode
        self.progress = progress
    }
}
