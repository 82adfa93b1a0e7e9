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
    /// Called as each output is encoded, from the thread that encoded it.
    public var progress: (@Sendable (_ file: String, _ total: Int) -> Void)?

    /// Options with the command line's defaults.
    public init(root: String? = nil, outDir: String? = nil, only: [String] = [], jobs: Int = 1, encode: Bool = true,
                progress: (@Sendable (_ file: String, _ total: Int) -> Void)? = nil) {
        self.root = root; self.outDir = outDir; self.only = only; self.jobs = max(1, jobs); self.encode = encode
        self.progress = progress
    }
}
