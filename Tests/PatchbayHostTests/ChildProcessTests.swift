import ChildProcess
import Testing

@Suite("ChildProcess runs tools with posix_spawn and reports what they did")
struct ChildProcessTests {
    @Test func outputErrorsAndStatusAreReturned() throws {
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo '  err  ' >&2; exit 3"])
        #expect(outcome.status == 3)
        #expect(outcome.outputText == "out\n")
        #expect(outcome.errorText == "err")
    }

    @Test func aLargeOutputOnBothPipesDoesNotBlock() throws {
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "head -c 300000 /dev/zero; head -c 300000 /dev/zero >&2"])
        #expect(outcome.status == 0 && outcome.output.count == 300_000 && outcome.errors.count == 300_000)
    }

    @Test func aSignalIsReportedAs128PlusItsNumber_AndStandardInputIsEmpty() throws {
        #expect(try ChildProcess.run("/bin/sh", ["-c", "kill -9 $$"]).status == 137)
        #expect(try ChildProcess.run("/bin/cat", []).output.isEmpty, "cat reads /dev/null and ends")
    }

    @Test func aMissingExecutable_Fails() {
        #expect(throws: ChildProcess.LaunchFailure.self) { try ChildProcess.run("/nonexistent/tool", []) }
    }
}
