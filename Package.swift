// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "patchbay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "patchbay", targets: ["patchbay"]),
        .library(name: "PatchbayCore", targets: ["PatchbayCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure domain: no I/O, no dependencies.
        .target(name: "PatchbayCore"),
        // The system SQLite library (Debian: libsqlite3-dev).
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Persistence: repository protocols, SQL implementation, migrations.
        .target(
            name: "PatchbayStore",
            dependencies: [
                "PatchbayCore",
                "CSQLite3",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // PostgreSQL behind the store's seam, for several servers on one database; and the
        // opener that picks the engine from `server.database`.
        .target(
            name: "PatchbayPostgres",
            dependencies: [
                "PatchbayCore",
                "PatchbayStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Configuration files: YAML read into a tree whose errors name the offending setting.
        .target(
            name: "PatchbayConfig",
            dependencies: ["PatchbayCore", .product(name: "Yams", package: "Yams")]
        ),
        // HTTP only: route table, controllers, wire models, policy, faults.
        .target(
            name: "PatchbayAPI",
            dependencies: [
                "PatchbayCore",
                "PatchbayStore",
                "PatchbayConfig",
                "FailPoints",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // Host seams as protocols (sysfs, netlink, links, libvirt) with their Linux implementations.
        .target(name: "PatchbayHost", dependencies: ["PatchbayCore", "ChildProcess"]),
        // Crash points the SIGKILL tests arm (no dependencies).
        .target(name: "FailPoints"),
        // Short-lived tools run with posix_spawn (no dependencies).
        .target(name: "ChildProcess"),
        // The host agent: discovery and inventory reports, desired state, reconcile, port and guest status.
        .target(
            name: "PatchbayAgent",
            dependencies: [
                "PatchbayCore",
                "PatchbayHost",
                "PatchbayConfig",
                "FailPoints",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Network namespaces, veth pairs and packet probes for data-plane tests (no dependencies).
        .target(name: "NetnsTesting", dependencies: ["ChildProcess"]),
        // Test helpers shipped as a library: a live server on a free port and a JSON client.
        .target(
            name: "PatchbayTesting",
            dependencies: [
                "ChildProcess",
                "PatchbayCore",
                "PatchbayStore",
                "PatchbayPostgres",
                "PatchbayAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "patchbay",
            dependencies: [
                "PatchbayCore",
                "PatchbayHost",
                "PatchbayStore",
                "PatchbayPostgres",
                "PatchbayAPI",
                "PatchbayAgent",
                // The stateful fake NIC stands in for SR-IOV hardware in `patchbay bench`.
                "PatchbayTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "PatchbayHostTests", dependencies: ["PatchbayHost", "PatchbayCore", "NetnsTesting", "ChildProcess"]),
        .testTarget(
            name: "PatchbayAgentTests",
            dependencies: ["PatchbayAgent", "PatchbayAPI", "PatchbayHost", "PatchbayCore", "PatchbayTesting", "NetnsTesting",
                           .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "PatchbayCoreTests", dependencies: ["PatchbayCore", "PatchbayTesting"]),
        .testTarget(
            name: "PatchbayStoreTests",
            dependencies: ["PatchbayStore", "PatchbayPostgres", "PatchbayCore", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "PatchbayAPITests",
            dependencies: [
                "PatchbayAPI", "PatchbayTesting", "PatchbayCore", "PatchbayStore", "PatchbayPostgres", "NetnsTesting",
                .product(name: "Logging", package: "swift-log"),
                // The image tests compute the digests they check the server's against.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)
