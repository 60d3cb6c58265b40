package org.binkindly.ledger.api.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The passwords of the embedded PostgreSQL's two roles, generated on first start into
 * {@code <data-dir>/database-passwords} (mode 0600) and read from there on every later start.
 * The owner ({@code postgres}) runs the migrations; the ledger itself logs in as {@code ledger}.
 */
public record EmbeddedDatabaseCredentials(String ownerPassword, String runtimePassword) {

    public static final String FILE_NAME = "database-passwords";
    public static final String OWNER_ROLE = "postgres";
    public static final String RUNTIME_ROLE = "ledger";

    private static final SecureRandom RANDOM = new SecureRandom();

    public static EmbeddedDatabaseCredentials loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            Properties stored = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                stored.load(reader);
            }
            String owner = stored.getProperty(OWNER_ROLE);
            String runtime = stored.getProperty(RUNTIME_ROLE);
            if (owner == null || owner.isBlank() || runtime == null || runtime.isBlank()) {
                throw new IllegalStateException(file + " must hold the passwords '" + OWNER_ROLE + "' and '"
                        + RUNTIME_ROLE + "' of the embedded PostgreSQL; restore it from a backup of the data directory");
            }
            return new EmbeddedDatabaseCredentials(owner.strip(), runtime.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Properties generated = new Properties();
        generated.setProperty(OWNER_ROLE, randomPassword());
        generated.setProperty(RUNTIME_ROLE, randomPassword());
        try {
            // created 0600 from the start, so there is no moment in which others may read it
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            generated.store(writer, "embedded PostgreSQL passwords: owner (migrations) and ledger (runtime)");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "EmbeddedDatabaseCredentials[passwords hidden]";
    }
}
