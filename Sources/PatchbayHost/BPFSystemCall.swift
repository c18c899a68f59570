#if canImport(Glibc)
import Glibc
#endif
import PatchbayCore

/// The two bpf(2) commands the access-port programs need, called through glibc's `syscall`
/// (variadic, so Swift reaches it through `dlsym` with a fixed integer signature).
enum BPFSystemCall {
    private typealias SyscallFunction = @convention(c) (CLong, CLong, CLong, CLong) -> CLong
    private static let programLoad: CLong = 5, objectPin: CLong = 6
    private static let schedulerClassifier: UInt32 = 3
    #if arch(x86_64)
    private static let number: CLong = 321
    #else
    private static let number: CLong = 280
    #endif

    /// Equivalent to: `bpf(BPF_PROG_LOAD, {prog_type = BPF_PROG_TYPE_SCHED_CLS, …})` of
    /// `instructions` named `name` (at most 15 bytes kept); returns the program's file descriptor.
    static func load(_ instructions: [BPFInstruction], name: String) throws(PatchbayError) -> Int32 {
        let code = instructions.flatMap(\.bytes)
        var log = [UInt8](repeating: 0, count: 1 << 16)
        let license: [UInt8] = Array("GPL".utf8) + [0]
        let result = code.withUnsafeBytes { insns in
            license.withUnsafeBytes { licence in
                log.withUnsafeMutableBytes { buffer in
                    var attr = [UInt8](repeating: 0, count: 128)
                    attr.withUnsafeMutableBytes { raw in
                        raw.storeBytes(of: schedulerClassifier, toByteOffset: 0, as: UInt32.self)
                        raw.storeBytes(of: UInt32(code.count / 8), toByteOffset: 4, as: UInt32.self)
                        raw.storeBytes(of: address(insns.baseAddress), toByteOffset: 8, as: UInt64.self)
                        raw.storeBytes(of: address(licence.baseAddress), toByteOffset: 16, as: UInt64.self)
                        raw.storeBytes(of: UInt32(1), toByteOffset: 24, as: UInt32.self)
                        raw.storeBytes(of: UInt32(buffer.count), toByteOffset: 28, as: UInt32.self)
                        raw.storeBytes(of: address(buffer.baseAddress), toByteOffset: 32, as: UInt64.self)
                        for (index, byte) in name.utf8.prefix(15).enumerated() {
                            raw[48 + index] = byte
                        }
                    }
                    return call(programLoad, &attr)
                }
            }
        }
        guard result.value >= 0 else {
            let verifier = String(decoding: log.prefix { $0 != 0 }, as: UTF8.self)
            throw .bpfFailed("load \(name)", describe(result.errno) + (verifier.isEmpty ? "" : "; \(verifier)"))
        }
        return Int32(result.value)
    }

    /// Equivalent to: `bpf(BPF_OBJ_PIN, {pathname = path, bpf_fd = fd})`; an existing pin is kept
    /// (another agent won the race) and counts as success.
    static func pin(_ fd: Int32, at path: String) throws(PatchbayError) {
        let result = path.withCString { pathname in
            var attr = [UInt8](repeating: 0, count: 128)
            attr.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: address(pathname), toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: UInt32(bitPattern: fd), toByteOffset: 8, as: UInt32.self)
            }
            return call(objectPin, &attr)
        }
        guard result.value >= 0 || result.errno == EEXIST else { throw .bpfFailed("pin \(path)", describe(result.errno)) }
    }

    /// Runs `bpf(command, attr, 128)`; returns the result and `errno`.
    private static func call(_ command: CLong, _ attr: inout [UInt8]) -> (value: CLong, errno: Int32) {
        guard let symbol = dlsym(nil, "syscall") else { return (-1, ENOSYS) }
        let function = unsafeBitCast(symbol, to: SyscallFunction.self)
        let value = attr.withUnsafeMutableBytes { raw in
            function(number, command, CLong(bitPattern: UInt(bitPattern: raw.baseAddress)), CLong(raw.count))
        }
        return (value, value < 0 ? errno : 0)
    }

    /// `statfs(path).f_type` (the first field of `struct statfs`), or nil when `path` cannot be
    /// examined; Glibc's Swift module does not import `<sys/statfs.h>`.
    static func filesystemType(of path: String) -> Int? {
        typealias StatFS = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer) -> Int32
        guard let symbol = dlsym(nil, "statfs") else { return nil }
        let function = unsafeBitCast(symbol, to: StatFS.self)
        var buffer = [UInt8](repeating: 0, count: 256)
        let status = buffer.withUnsafeMutableBytes { raw in function(path, raw.baseAddress!) }
        return status == 0 ? buffer.withUnsafeBytes { $0.load(as: Int.self) } : nil
    }

    private static func address(_ pointer: UnsafeRawPointer?) -> UInt64 {
        UInt64(UInt(bitPattern: pointer))
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code)) + " (errno \(code))"
    }
}

extension PatchbayError {
    /// 500 `BPFFailed`: loading, pinning or mounting the access-port programs failed.
    public static func bpfFailed(_ operation: String, _ reason: String) -> PatchbayError {
        PatchbayError(code: "host.bpf_failed", type: "BPFFailed", category: .internalError,
                      message: "Cannot \(operation): \(reason)")
    }
}
