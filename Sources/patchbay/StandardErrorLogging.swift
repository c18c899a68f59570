import ArgumentParser
import Logging

/// Where the long-running commands log: structured lines on standard error at the chosen level.
enum StandardErrorLogging {
    /// Installs the handler; call once, first thing in `run()`.
    static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
