import PatchbayAPI
import Testing

/// `image.directory`: where image data lives, set or derived from the database.
@Suite("Image config")
struct ImageConfigTests {
    @Test("image.directory is read; without it the directory is images beside a SQLite file, or in the working directory")
    func directory() throws {
        #expect(try ServerConfig.load(yaml: "image:\n  directory: /srv/shared/images\n").images.directory == "/srv/shared/images")
        let derived = try ServerConfig.load(yaml: ServerConfig.defaultYAML).images
        #expect(derived.directory == nil)
        #expect(derived.directory(database: "/var/lib/patchbay/patchbay.sqlite", isSQLite: true) == "/var/lib/patchbay/images")
        #expect(derived.directory(database: "sqlite:/data/p.db", isSQLite: true) == "/data/images")
        #expect(derived.directory(database: "patchbay.sqlite", isSQLite: true) == "images")
        #expect(derived.directory(database: "postgresql://u@db/patchbay", isSQLite: false) == "images")
        #expect(ImageConfig(directory: "/nfs/images").directory(database: "/x/p.sqlite", isSQLite: true) == "/nfs/images")
    }

    @Test("an unknown image setting or an empty directory is refused, naming the setting", arguments: [
        ("image:\n  dir: /x\n", "image.dir: unknown setting"),
        ("image:\n  directory: \"\"\n", "image.directory: must not be empty"),
        ("image: [a]\n", "image: expected a mapping"),
    ])
    func invalid_Fails(yaml: String, message: String) {
        #expect { try ServerConfig.load(yaml: yaml) } throws: { error in "\(error)".contains(message) }
    }
}
