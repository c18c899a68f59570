import Foundation

/// The `patchbay` executable that process tests run.
public enum PatchbayBinary {
    /// `$PATCHBAY_BIN`, else `.build/debug/patchbay` in this package.
    public static var path: String {
        if let override = ProcessInfo.processInfo.environment["PATCHBAY_BIN"] { return override }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/patchbay").path
    }
}
