import Synchronization

/// How far a render has got, for a progress line on a terminal (`report render` shows it
/// after about a second): the stages write it as they go, whoever shows it reads `snapshot`.
///
/// Writes are rare (a CSV part reports every 4 MB, a block or an output once), so one lock
/// is enough; nothing here changes what a render makes.
public final class RenderProgress: Sendable {
    /// What the render is doing.
    public enum Stage: Sendable, Equatable {
        /// Reading the spec, or a data file other than a large CSV.
        case loading
        /// Reading a CSV data file (as named in the spec): see `bytesRead` and `rowsRead`.
        case reading(file: String)
        /// Preparing the blocks from their rows (filters, aggregates, bins).
        case preparing
        /// Laying out pages.
        case layingOut
        /// Encoding and writing the outputs.
        case writing
    }

    /// The state at one moment.
    public struct Snapshot: Sendable, Equatable {
        public var stage: Stage = .loading
        /// For `.reading`: the bytes parsed so far and the file's size.
        public var bytesRead = 0, bytesTotal = 0
        /// For `.reading`: the data rows read so far (blank lines and the header excluded).
        public var rowsRead = 0
        /// For `.preparing`: blocks prepared, of how many.
        public var blocksDone = 0, blocksTotal = 0
        /// For `.writing`: outputs encoded, of how many.
        public var outputsDone = 0, outputsTotal = 0
        /// In a batch: variants finished, of how many (0 of 0 for a single render).
        public var variantsDone = 0, variantsTotal = 0
    }

    private let state = Mutex(Snapshot())

    /// A progress record at `.loading`.
    public init() {}

    /// The state now.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// A CSV file of `bytes` bytes starts being read.
    public func startReading(_ file: String, bytes: Int) {
        state.withLock { $0.stage = .reading(file: file); $0.bytesRead = 0; $0.bytesTotal = bytes; $0.rowsRead = 0 }
    }

    /// `bytes` more bytes and `rows` more rows were read (from any thread).
    public func read(bytes: Int, rows: Int) {
        state.withLock { $0.bytesRead += bytes; $0.rowsRead += rows }
    }

    /// The blocks start being prepared.
    public func startPreparing(blocks: Int) {
        state.withLock { $0.stage = .preparing; $0.blocksDone = 0; $0.blocksTotal = blocks }
    }

    /// One more block is prepared.
    public func blockPrepared() { state.withLock { $0.blocksDone += 1 } }

    /// Layout starts.
    public func startLayout() { state.withLock { $0.stage = .layingOut } }

    /// `outputs` outputs start being encoded.
    public func startWriting(outputs: Int) {
        state.withLock { $0.stage = .writing; $0.outputsDone = 0; $0.outputsTotal = outputs }
    }

    /// One more output is encoded.
    public func outputWritten() { state.withLock { $0.outputsDone += 1 } }

    /// A batch of `variants` variants starts.
    public func startBatch(variants: Int) { state.withLock { $0.variantsDone = 0; $0.variantsTotal = variants } }

    /// One more variant of a batch is finished.
    public func variantDone() { state.withLock { $0.variantsDone += 1 } }
}
