extension Schema {
    /// Step 7: Glance images. The columns are what lists and the data's reference count read
    /// without decoding documents: the owner and visibility (who may list it), the status, the
    /// SHA-512 of the stored data (`data_hash`: one file serves every image with those bytes, and
    /// is removed with the last of them) and the revision writes compare and swap on.
    ///
    /// `image_stores` holds one random id, drawn once under the migration lock: the image
    /// directory keeps this database's files under it, so databases sharing a directory never
    /// share (or sweep) each other's files.
    static let images = Migration(
        version: 7, name: "images",
        statements: [
            """
            CREATE TABLE images (id TEXT PRIMARY KEY, owner TEXT NOT NULL, visibility TEXT NOT NULL, status TEXT NOT NULL,
                data_hash TEXT, revision INTEGER NOT NULL, doc TEXT NOT NULL)
            """,
            "CREATE INDEX images_owner ON images(owner)",
            "CREATE INDEX images_data_hash ON images(data_hash)",
            "CREATE TABLE image_stores (id TEXT PRIMARY KEY)",
            "INSERT INTO image_stores (id) VALUES (lower(hex(randomblob(16))))",
        ],
        postgres: [
            """
            CREATE TABLE images (id TEXT PRIMARY KEY, owner TEXT NOT NULL, visibility TEXT NOT NULL, status TEXT NOT NULL,
                data_hash TEXT, revision BIGINT NOT NULL, doc TEXT NOT NULL)
            """,
            "CREATE INDEX images_owner ON images(owner)",
            "CREATE INDEX images_data_hash ON images(data_hash)",
            "CREATE TABLE image_stores (id TEXT PRIMARY KEY)",
            "INSERT INTO image_stores (id) VALUES (md5(random()::text || clock_timestamp()::text))",
        ])
}
