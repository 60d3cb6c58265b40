package org.binkindly.ledger.api.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.api.config.EmbeddedDatabaseConfiguration;
import org.binkindly.ledger.api.config.EmbeddedDatabaseCredentials;
import org.binkindly.ledger.api.config.LedgerProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Every ledger a test starts on the embedded PostgreSQL gets its cluster copied from one template
 * instead of running initdb: initdb syncs every file it writes and takes 5-10 s on a loaded
 * 2-core machine, a copy well under one. The template is made once per build (shared by the
 * test JVMs through a file lock) by the ledger's own first start ({@link EmbeddedDatabaseConfiguration#start}:
 * initdb with SCRAM from the start, the runtime role, pg_hba.conf), then stopped; a copy is the
 * data directory a first start leaves, before migrations, with its passwords file. The server
 * still runs as the ledger runs it (fsync on, synchronous commits), and each ledger still
 * migrates its own empty database.
 *
 * <p>Registered for every Spring application in the test JVMs (META-INF/spring.factories), so
 * {@code @SpringBootTest} contexts, {@link StartedLedger} and {@link LedgerNodes} all use it. A
 * data directory that already holds a cluster or a passwords file is left as it is, as is a
 * ledger on an external database. The first start itself (initdb) is tested where it is started
 * directly (EmbeddedDatabaseFirstStartTest); a start that must run initdb through the application
 * is given {@code --test.embedded-cluster-template=off}.
 */
public final class EmbeddedClusterTemplate implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Path BUILD = Path.of("target").toAbsolutePath();
    private static final List<String> LEFT_OUT = List.of("postmaster.pid", "postmaster.opts");

    private static Path template;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // any spring.datasource.* setting means no embedded database (or a refused start): copy nothing
        if (anyDatasourceSetting(context.getEnvironment())
                || "off".equals(context.getEnvironment().getProperty("test.embedded-cluster-template"))) {
            return;
        }
        // now, before the refresh begins: the embedded database is started from then on (EmbeddedDatabaseHeadStart)
        LedgerProperties ledger;
        try {
            ledger = Binder.get(context.getEnvironment()).bindOrCreate("ledger", LedgerProperties.class);
        } catch (RuntimeException invalidSettings) {
            return; // the context's own binding refuses them; nothing starts
        }
        copyInto(ledger.dataDir());
    }

    /** As the ledger's own refusal: the packaged application.yml's pool settings do not count. */
    private static boolean anyDatasourceSetting(ConfigurableEnvironment environment) {
        return environment.getPropertySources().stream()
                .filter(source -> source instanceof EnumerablePropertySource<?>)
                .filter(source -> !source.getName().contains("class path resource [application"))
                .flatMap(source -> Arrays.stream(((EnumerablePropertySource<?>) source).getPropertyNames()))
                .anyMatch(name -> name.startsWith("spring.datasource."));
    }

    /** Puts the template's cluster and passwords into {@code dataDir} unless it holds either already. */
    public static void copyInto(Path dataDir) {
        Path cluster = dataDir.resolve("postgres").toAbsolutePath().normalize();
        Path passwords = dataDir.resolve(EmbeddedDatabaseCredentials.FILE_NAME);
        if (Files.exists(cluster.resolve("postgresql.conf")) || Files.exists(passwords)) {
            return;
        }
        try {
            Path source = template();
            Files.createDirectories(dataDir);
            copyTree(source.resolve("postgres"), cluster);
            Files.copy(source.resolve(EmbeddedDatabaseCredentials.FILE_NAME), passwords, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the embedded PostgreSQL template into " + dataDir, e);
        }
    }

    /** The template data directory, made on first use; named after the PostgreSQL binaries it was made with. */
    private static synchronized Path template() throws IOException {
        if (template != null) {
            return template;
        }
        URL binaries = Objects.requireNonNull(EmbeddedPostgres.class.getResource("/postgres-linux-x86_64.txz"),
                "the embedded PostgreSQL binaries");
        Path made = BUILD.resolve("embedded-cluster-template-" + Integer.toHexString(binaries.toString().hashCode()));
        Files.createDirectories(BUILD);
        try (FileChannel lockFile = FileChannel.open(BUILD.resolve("embedded-cluster-template.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (!Files.exists(made)) {
                Path making = Files.createTempDirectory(BUILD, "embedded-cluster-template-making-");
                EmbeddedDatabaseCredentials credentials = EmbeddedDatabaseCredentials.loadOrCreate(making);
                EmbeddedDatabaseConfiguration.start(making, credentials, 0).close();
                Files.move(making, made, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        template = made;
        return made;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Path target = to.resolve(from.relativize(directory).toString());
                Files.createDirectories(target);
                // PostgreSQL refuses a data directory others may read (0700)
                Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(directory));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!LEFT_OUT.contains(file.getFileName().toString())) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
