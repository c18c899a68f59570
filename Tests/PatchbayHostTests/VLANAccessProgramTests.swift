import Foundation
import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

@Suite("VLAN access programs: assembled, named, loaded and pinned")
struct VLANAccessProgramTests {
    @Test(arguments: [
        (BPFInstruction.move(6, from: 1), [0xbf, 0x16, 0, 0, 0, 0, 0, 0]),
        (.move(2, 0x0081), [0xb7, 0x02, 0, 0, 0x81, 0, 0, 0]),
        (.loadWord(2, from: 6, offset: 20), [0x61, 0x62, 20, 0, 0, 0, 0, 0]),
        (.and(2, 0x0fff), [0x57, 0x02, 0, 0, 0xff, 0x0f, 0, 0]),
        (.jumpIfNotEqual(2, 4094, skip: 4), [0x55, 0x02, 4, 0, 0xfe, 0x0f, 0, 0]),
        (.jumpIfEqual(2, 0, skip: -1), [0x15, 0x02, 0xff, 0xff, 0, 0, 0, 0]),
        (.call(18), [0x85, 0, 0, 0, 18, 0, 0, 0]),
        (.move(0, -1), [0xb7, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
        (.exit, [0x95, 0, 0, 0, 0, 0, 0, 0]),
    ] as [(BPFInstruction, [UInt8])])
    func encodesLittleEndianWithDestinationInTheLowNibble(_ instruction: BPFInstruction, _ bytes: [UInt8]) {
        #expect(instruction.bytes == bytes)
    }

    @Test(arguments: [VLANAccessProgram.push(vid: 101), .pop(vid: 4094), .untaggedOnly])
    func everyJumpLandsOnTheDropAndEveryPathExits(_ program: VLANAccessProgram) {
        let code = program.instructions
        #expect(code.last == .exit)
        #expect(code[code.count - 2] == .move(0, 2), "the last block returns TC_ACT_SHOT")
        for (index, insn) in code.enumerated() where insn.code == 0x15 || insn.code == 0x55 {
            #expect(index + 1 + Int(insn.offset) == code.count - 2)
        }
    }

    @Test(arguments: [
        ("pb_push_101", VLANAccessProgram.push(vid: 101)), ("push-101", .push(vid: 101)),
        ("pb_pop_4094", .pop(vid: 4094)), ("pop-1", .pop(vid: 1)),
        ("pb_untagged", .untaggedOnly), ("untagged", .untaggedOnly),
    ])
    func namesRoundTrip(_ name: String, _ program: VLANAccessProgram) {
        #expect(VLANAccessProgram(name: name) == program)
        #expect(VLANAccessProgram(name: program.programName) == program)
        #expect(VLANAccessProgram(name: program.pinName) == program)
        #expect(program.programName.utf8.count <= 15)
    }

    @Test(arguments: ["pb_push_0", "push-4095", "pb_pull_101", "push-x", "cls_bpf", "", "pb_push_101_2"])
    func foreignNames_Fail(_ name: String) {
        #expect(VLANAccessProgram(name: name) == nil)
    }

    @Test(.enabled(if: NetworkNamespace.isAvailable, "needs root"))
    func loadsAndPinsOnceOnAFreshBPFFilesystem() throws {
        let mount = TemporaryMountPoint()
        defer { mount.remove() }
        let programs = VLANAccessPrograms(directory: mount.path)
        #expect(!programs.isOnBPFFilesystem)
        let pushed = try programs.ensurePinned(.push(vid: 101))
        #expect(pushed == mount.path + "/push-101")
        #expect(programs.isOnBPFFilesystem && mount.isMounted)
        for program in [VLANAccessProgram.pop(vid: 101), .untaggedOnly] { _ = try programs.ensurePinned(program) }
        let inode = try FileManager.default.attributesOfItem(atPath: pushed)[.systemFileNumber] as? Int
        #expect(try programs.ensurePinned(.push(vid: 101)) == pushed)
        #expect(try FileManager.default.attributesOfItem(atPath: pushed)[.systemFileNumber] as? Int == inode,
                "an existing pin is reused, not replaced")
        let pins = try FileManager.default.contentsOfDirectory(atPath: mount.path).filter { !$0.hasSuffix(".debug") }
        #expect(Set(pins) == ["push-101", "pop-101", "untagged"])
    }

    @Test(.enabled(if: NetworkNamespace.isAvailable, "needs root"))
    func aDirectoryThatCannotExist_Fails() {
        let programs = VLANAccessPrograms(directory: "/proc/version/patchbay")
        #expect { try programs.ensurePinned(.untaggedOnly) } throws: { error in
            let error = try #require(error as? PatchbayError)
            return error.code == "host.bpf_failed" && error.message.contains("/proc/version/patchbay")
        }
    }
}
