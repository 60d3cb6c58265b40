package org.binkindly.ledger.api.cli;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.adapters.eventlog.EventLogRestore;
import org.binkindly.ledger.api.config.EmbeddedDatabaseConfiguration;
import org.binkindly.ledger.api.config.EmbeddedDatabaseCredentials;
import org.binkindly.ledger.core.audit.AuditKeys;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.ExportVerification;
import org.binkindly.ledger.core.audit.VerificationReport;
import org.flywaydb.core.Flyway;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code restore}: writes a backup taken by {@code backup} into a new database (a new embedded
 * data directory, or an empty external database), after checking it: the chain must verify
 * INTACT against the signed checkpoints with a key the operator holds (never one read from the
 * backup itself), and the database must never have held a log. Events, seals and checkpoints are
 * written in one transaction that commits only if the whole export verified; views are rebuilt
 * by the ledger's next start, and its policies do not act on the restored events again.
 */
@Command(name = RestoreCommand.NAME, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restore a backup into a new data directory or an empty external database, after it verifies.",
            "The chain must verify INTACT against the anchored checkpoints with a key you give (never one from the backup); "
                + "events, seals and checkpoints are written in one transaction; the views rebuild when the ledger starts."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:restored, chain INTACT.",
            "1:refused (chain does not verify, no anchored checkpoints, wrong key, database not new) or failed; nothing kept.",
            "2:usage error or unreadable backup or key files."})
final class RestoreCommand implements Callable<Integer> {

    static final String NAME = "restore";

    /** The audit signing key file the ledger reads from its data directory (adapters.audit.AuditSigningKey). */
    private static final String SIGNING_KEY_FILE = "audit-signing-key.pem";

    /** Where the owner's connection comes from, and what to stop afterwards. */
    private record Target(String jdbcUrl, String user, String password, AutoCloseable server) {
    }

    @Option(names = "--from", required = true, paramLabel = "<directory>", description = "The directory 'backup' wrote.")
    Path backupDirectory;

    @Option(names = "--signing-key-file", paramLabel = "<file>",
            description = "The audit signing key that signed the backup; copied into a new --data-dir.")
    Path signingKeyFile;

    @Option(names = "--public-key", paramLabel = "<file>", description = "Its public key (PEM), if the signing key stays elsewhere.")
    Path publicKeyFile;

    @Option(names = "--data-dir", paramLabel = "<directory>", description = "A new embedded data directory to restore into.")
    Path dataDirectory;

    @Option(names = "--jdbc-url", paramLabel = "<url>", description = "Or an empty external database.")
    String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "<role>", description = "With --jdbc-url: the role that owns the ledger's tables.")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "<file>", description = "With --jdbc-url: a file holding that role's password.")
    Path dbPasswordFile;

    private final PrintStream out;
    private final PrintStream err;

    RestoreCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    private static <T> T required(T value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " is required with --jdbc-url");
        }
        return value;
    }

    @Override
    public Integer call() {
        Path backup;
        Path events;
        List<Checkpoint> anchored;
        PublicKey publicKey;
        String signingKeyPem = null;
        try {
            backup = backupDirectory;
            events = backup.resolve(BackupCommand.EVENTS_FILE);
            if (!Files.isRegularFile(events)) {
                throw new IllegalArgumentException(backup + " holds no " + BackupCommand.EVENTS_FILE + ": not a backup taken by 'backup'");
            }
            anchored = ExportVerification.readCheckpoints(backup.resolve(BackupCommand.CHECKPOINTS_DIRECTORY));
            if (signingKeyFile != null) {
                signingKeyPem = Files.readString(signingKeyFile, StandardCharsets.UTF_8);
                KeyPair keys = AuditKeys.fromPrivateKeyPem(signingKeyPem);
                publicKey = keys.getPublic();
            } else if (publicKeyFile != null) {
                publicKey = AuditKeys.fromPublicKeyPem(Files.readString(publicKeyFile, StandardCharsets.UTF_8));
            } else {
                throw new IllegalArgumentException("--signing-key-file or --public-key is required: the key that checks the backup "
                        + "must come from you, not from the backup");
            }
            if (dataDirectory == null == (jdbcUrl == null)) {
                throw new IllegalArgumentException("give either --data-dir (a new embedded data directory) or --jdbc-url (an empty "
                        + "external database, with --db-user and --db-password-file of the role that owns the ledger's tables)");
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.USAGE_ERROR;
        }
        if (anchored.isEmpty()) {
            err.println(NAME + ": the backup holds no checkpoints anchored in object storage: whether events were cut from its end "
                    + "cannot be ruled out, so it is not restored");
            return ExitCodes.FAILED;
        }
        quietLibraryProgress();
        Target target;
        try {
            target = target(signingKeyPem, publicKey);
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        try (AutoCloseable server = target.server()) {
            Flyway.configure().dataSource(target.jdbcUrl(), target.user(), target.password())
                    .locations("classpath:db/migration").outOfOrder(true).load().migrate();
            try (Connection owner = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
                owner.setAutoCommit(false);
                EventLogRestore restore = EventLogRestore.into(owner);
                ExportVerification.Outcome outcome = ExportVerification.verify(events, List.of(publicKey), anchored, restore);
                VerificationReport report = outcome.report();
                if (!report.intact()) {
                    owner.rollback();
                    ExportVerification.print(err, events, List.of(publicKey), outcome, true);
                    err.println(NAME + ": the backup's chain does not verify; nothing was restored");
                    return ExitCodes.FAILED;
                }
                EventLogRestore.Restored restored = restore.finish(outcome.exportedAt());
                owner.commit();
                out.println(("restored %d events through position %d (%d sealed, %d checkpoints), chain INTACT against %d anchored "
                        + "checkpoints; the views are rebuilt from the events when the ledger starts on this database")
                        .formatted(restored.events(), restored.lastPosition(), restored.sealed(), restored.checkpoints(), anchored.size()));
                if (signingKeyPem == null) {
                    out.println("start the ledger with the signing key that signed this backup (ledger.audit.signing-key-file): "
                            + "it seals and signs on from where the backup ends");
                }
                return ExitCodes.OK;
            }
        } catch (EventLogRestore.NotEmpty e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (ExportVerification.NotAnExport e) {
            err.println(NAME + ": " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (Exception e) {
            err.println(NAME + ": the restore failed, nothing was kept: " + e);
            return ExitCodes.FAILED;
        }
    }

    /** The embedded server's start-up lines and Flyway's per-migration lines would bury the command's own answer. */
    private static void quietLibraryProgress() {
        for (String name : List.of("io.zonky", "org.flywaydb")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(Level.WARN);
            }
        }
    }

    /**
     * An embedded data directory gets the signing key (the restored ledger signs and seals with
     * the key that signed the backup) and its PostgreSQL is started for the restore only.
     */
    private Target target(String signingKeyPem, PublicKey publicKey) throws IOException {
        if (jdbcUrl != null) {
            String password = Files.readString(required(dbPasswordFile, "--db-password-file"), StandardCharsets.UTF_8).strip();
            return new Target(jdbcUrl, required(dbUser, "--db-user"), password, () -> {
            });
        }
        Path dataDir = dataDirectory.toAbsolutePath().normalize();
        Path keyFile = dataDir.resolve(SIGNING_KEY_FILE);
        if (Files.exists(keyFile) && !AuditKeys.keyId(AuditKeys.fromPrivateKeyPem(Files.readString(keyFile, StandardCharsets.UTF_8))
                .getPublic()).equals(AuditKeys.keyId(publicKey))) {
            throw new IllegalArgumentException(dataDir + " already holds a different audit signing key: restore into a new data directory");
        }
        Files.createDirectories(dataDir);
        if (signingKeyPem != null && !Files.exists(keyFile)) {
            Files.writeString(keyFile, signingKeyPem, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
        }
        EmbeddedDatabaseCredentials credentials = EmbeddedDatabaseCredentials.loadOrCreate(dataDir);
        EmbeddedPostgres postgres = EmbeddedDatabaseConfiguration.start(dataDir, credentials, 0);
        return new Target(EmbeddedDatabaseConfiguration.jdbcUrl(postgres), EmbeddedDatabaseCredentials.OWNER_ROLE,
                credentials.ownerPassword(), postgres);
    }
}
