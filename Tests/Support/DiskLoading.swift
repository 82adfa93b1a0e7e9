import ReportCore

extension ReportLoader {
    /// A loader reading from the disk, as the command line does: most tests load specs and
    /// data written to files.
    public init(root: String? = nil) {
        self.init(world: FileSystemWorld(), root: root)
    }
}
