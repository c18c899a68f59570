/// One eBPF instruction, `struct bpf_insn`: 8 bytes `<u8 code, u8 src<<4|dst, s16 off, s32 imm>`,
/// little endian. Only the handful of opcodes the access-port and mirror programs need.
public struct BPFInstruction: Hashable, Sendable {
    /// The opcode.
    public var code: UInt8
    /// The destination register (0–10).
    public var dst: UInt8
    /// The source register (0–10).
    public var src: UInt8
    /// The offset: memory displacement, or the jump distance counted from the next instruction.
    public var offset: Int16
    /// The immediate operand.
    public var imm: Int32

    /// Creates an instruction from its fields.
    public init(code: UInt8, dst: UInt8 = 0, src: UInt8 = 0, offset: Int16 = 0, imm: Int32 = 0) {
        self.code = code
        self.dst = dst
        self.src = src
        self.offset = offset
        self.imm = imm
    }

    /// The 8 bytes the kernel reads.
    public var bytes: [UInt8] {
        let off = UInt16(bitPattern: offset), value = UInt32(bitPattern: imm)
        return [code, (src << 4) | (dst & 0x0f), UInt8(off & 0xff), UInt8(off >> 8),
                UInt8(value & 0xff), UInt8((value >> 8) & 0xff), UInt8((value >> 16) & 0xff), UInt8(value >> 24)]
    }

    /// `dst = src` (64-bit), opcode 0xbf.
    public static func move(_ dst: UInt8, from src: UInt8) -> Self { Self(code: 0xbf, dst: dst, src: src) }
    /// `dst = imm` (64-bit), opcode 0xb7.
    public static func move(_ dst: UInt8, _ imm: Int32) -> Self { Self(code: 0xb7, dst: dst, imm: imm) }
    /// `dst &= imm` (64-bit), opcode 0x57.
    public static func and(_ dst: UInt8, _ imm: Int32) -> Self { Self(code: 0x57, dst: dst, imm: imm) }
    /// `dst = *(u32 *)(src + offset)`, opcode 0x61.
    public static func loadWord(_ dst: UInt8, from src: UInt8, offset: Int16) -> Self {
        Self(code: 0x61, dst: dst, src: src, offset: offset)
    }
    /// `if dst == imm goto +offset`, opcode 0x15.
    public static func jumpIfEqual(_ dst: UInt8, _ imm: Int32, skip offset: Int16) -> Self {
        Self(code: 0x15, dst: dst, offset: offset, imm: imm)
    }
    /// `if dst != imm goto +offset`, opcode 0x55.
    public static func jumpIfNotEqual(_ dst: UInt8, _ imm: Int32, skip offset: Int16) -> Self {
        Self(code: 0x55, dst: dst, offset: offset, imm: imm)
    }
    /// `if dst < imm goto +offset` (unsigned), opcode 0xa5.
    public static func jumpIfLess(_ dst: UInt8, _ imm: Int32, skip offset: Int16) -> Self {
        Self(code: 0xa5, dst: dst, offset: offset, imm: imm)
    }
    /// `if dst > imm goto +offset` (unsigned), opcode 0x25.
    public static func jumpIfGreater(_ dst: UInt8, _ imm: Int32, skip offset: Int16) -> Self {
        Self(code: 0x25, dst: dst, offset: offset, imm: imm)
    }
    /// `goto +offset`, opcode 0x05.
    public static func jump(skip offset: Int16) -> Self { Self(code: 0x05, offset: offset) }
    /// `*(u32 *)(dst + offset) = src`, opcode 0x63.
    public static func storeWord(_ dst: UInt8, offset: Int16, from src: UInt8) -> Self {
        Self(code: 0x63, dst: dst, src: src, offset: offset)
    }
    /// Calls helper number `helper`, opcode 0x85.
    public static func call(_ helper: Int32) -> Self { Self(code: 0x85, imm: helper) }
    /// Returns `r0`, opcode 0x95.
    public static let exit = Self(code: 0x95)
}
