/// 64-bit FNV-1a: a small, stable (across processes and runs) hash for names and fingerprints.
public enum FNV1a {
    /// The hash of the UTF-8 bytes of `text`.
    public static func hash64(_ text: String) -> UInt64 {
        text.utf8.reduce(14_695_981_039_346_656_037 as UInt64) { hash, byte in
            (hash ^ UInt64(byte)) &* 1_099_511_628_211
        }
    }

    /// `value` as 16 lowercase hex digits, zero-padded.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
