import PatchbayCore

/// The mirror programs pinned in one bpffs directory, each loaded once and shared by filters.
///
/// As for `VLANAccessPrograms`, the directory must be visible to the `tc` that attaches them.
public struct MirrorPrograms: Sendable {
    /// The pin directory, e.g. `/sys/fs/bpf/patchbay-mirror`.
    public let directory: String

    /// Creates a set pinned under `directory` (created and mounted on first use).
    public init(directory: String) {
        self.directory = directory
    }

    /// Where `program` is pinned.
    public func path(of program: MirrorProgram) -> String {
        directory + "/" + program.pinName
    }

    /// Loads and pins `program` unless it is pinned already; returns its path.
    public func ensurePinned(_ program: MirrorProgram) throws(PatchbayError) -> String {
        try VLANAccessPrograms(directory: directory)
            .ensurePinned(program.instructions, name: program.programName, at: path(of: program))
    }
}
