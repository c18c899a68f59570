import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PatchbayCore

/// The access-port programs pinned in one bpffs directory, loaded once per VLAN id and reused.
///
/// `tc -n NS` remounts `/sys` in a private mount namespace, so pins under `/sys/fs/bpf` are
/// invisible to it; tests that run `tc` in a namespace pin elsewhere (e.g. under `/run`).
public struct VLANAccessPrograms: Sendable {
    /// The pin directory, e.g. `/sys/fs/bpf/patchbay`.
    public let directory: String

    /// bpffs's magic number in `statfs.f_type`.
    static let bpfFilesystemMagic = 0xcafe_4a11

    /// Creates a set pinned under `directory` (created and mounted on first use).
    public init(directory: String) {
        self.directory = directory
    }

    /// Where `program` is pinned.
    public func path(of program: VLANAccessProgram) -> String {
        directory + "/" + program.pinName
    }

    /// Loads and pins `program` unless it is pinned already; returns its path.
    public func ensurePinned(_ program: VLANAccessProgram) throws(PatchbayError) -> String {
        try ensurePinned(program.instructions, name: program.programName, at: path(of: program))
    }

    /// Loads `instructions` as program `name` and pins it at `path`, unless something is pinned there.
    func ensurePinned(_ instructions: [BPFInstruction], name: String, at path: String) throws(PatchbayError) -> String {
        if access(path, F_OK) == 0 { return path }
        try ensureFilesystem()
        let fd = try BPFSystemCall.load(instructions, name: name)
        defer { close(fd) }
        try BPFSystemCall.pin(fd, at: path)
        return path
    }

    /// Whether `directory` lies on a bpf filesystem.
    public var isOnBPFFilesystem: Bool {
        BPFSystemCall.filesystemType(of: directory) == Self.bpfFilesystemMagic
    }

    /// Creates `directory` and, unless it already lies on bpffs, mounts one there.
    ///
    /// Equivalent to: `mkdir -p $directory && mount -t bpf bpf $directory`.
    public func ensureFilesystem() throws(PatchbayError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .bpfFailed("create \(directory)", "\(error)")
        }
        guard !isOnBPFFilesystem else { return }
        guard mount("bpf", directory, "bpf", 0, nil) == 0 else {
            throw .bpfFailed("mount bpffs on \(directory)", BPFSystemCall.describe(errno))
        }
    }
}
