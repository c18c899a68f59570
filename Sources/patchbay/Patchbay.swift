import ArgumentParser

/// The `patchbay` command: the server, and operator tools.
@main
struct Patchbay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patchbay",
        abstract: "SR-IOV-aware OpenStack-compatible control plane.",
        subcommands: [ServeCommand.self, AgentCommand.self, BootstrapCommand.self, BenchCommand.self])
}
