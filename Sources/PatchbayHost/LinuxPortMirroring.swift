import Foundation
import PatchbayCore

/// The Linux `PortMirroring`: runs `tc` (in a named network namespace, or the host's), one
/// `tc -batch` per device change, attaching programs pinned by `MirrorPrograms`.
public struct LinuxPortMirroring: PortMirroring {
    private let tc: CommandRunner
    private let programs: MirrorPrograms

    /// Creates a seam; `programDirectory` must be visible to `tc` (see `VLANAccessPrograms`).
    public init(namespace: String? = nil, programDirectory: String, tc: String = "/usr/sbin/tc") {
        self.tc = CommandRunner(executable: tc, leadingArguments: namespace.map { ["-n", $0] } ?? [])
        self.programs = MirrorPrograms(directory: programDirectory)
    }

    /// Equivalent to: `tc -j filter show dev $device ingress` and `… egress`.
    public func installedRules(on device: String) throws(PatchbayError) -> [InstalledTCRule] {
        var rules: [InstalledTCRule] = []
        for hook in [TCHook.ingress, .egress] {
            let output = try tc.run(["-j", "filter", "show", "dev", device, hook.rawValue])
            rules += try TCRuleCommands.parse(output, device: device, hook: hook)
        }
        return rules
    }

    /// Equivalent to: `tc -batch FILE` with the lines of `TCRuleCommands.batch`.
    public func apply(_ change: TCDeviceChange) throws(PatchbayError) {
        let programs = self.programs
        let lines = try TCRuleCommands.batch(change) { program throws(PatchbayError) in try programs.ensurePinned(program) }
        guard !lines.isEmpty else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-tc-\(UUID().uuidString).batch")
        let text = lines.map { $0.joined(separator: " ") }.joined(separator: "\n") + "\n"
        do { try Data(text.utf8).write(to: file) } catch {
            throw .commandFailed("tc -batch", "cannot write \(file.path): \(error)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        try tc.run(["-batch", file.path])
    }
}
