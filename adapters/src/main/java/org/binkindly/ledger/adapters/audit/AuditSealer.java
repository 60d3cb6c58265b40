package org.binkindly.ledger.adapters.audit;

import org.binkindly.ledger.core.audit.AuditEvent;
import org.binkindly.ledger.core.audit.Checkpoint;
import org.binkindly.ledger.core.audit.CheckpointAnchor;
import org.binkindly.ledger.core.audit.CheckpointSigner;
import org.binkindly.ledger.core.audit.EventAuthentication;
import org.binkindly.ledger.core.audit.HashChain;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.PublicKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Seals the log into the hash chain, one event after another in global order, and signs a
 * checkpoint every N events or T seconds, which it then anchors in object storage.
 * <p>
 * It reads the event table itself rather than running as an Axon tracking processor: a tracking
 * token hands over an event that commits late <em>after</em> later ones, but the chain must follow
 * the order an auditor reads, so the sealer stops at a missing position and waits for it (up to
 * {@code ledger.audit.gap-timeout}, after which the position counts as a rolled-back transaction).
 * One sealer runs at a time across nodes: each round holds the row lock on {@code audit_chain_head}.
 * Sealing is not a projection and is never replayed: its tables are the ledger's testimony about
 * the log, not a view of it.
 * <p>
 * It refuses, and stops sealing until the cause is gone, in two cases (docs/audit.md, "When the
 * sealer stops"): an event whose writer signature is missing or invalid (a row the ledger did not
 * write), and a chain head below or off the highest checkpoint in object storage, whichever node
 * anchored it (a log and chain cut back in the database). It never signs a checkpoint at or below an anchored one.
 */
public class AuditSealer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);

    /** What one round did, for tests and the benchmark; {@code halt} is why it stopped short, if it did. */
    public record Round(int sealed, int checkpoints, int anchored, boolean waitingForGap, Halt halt) {
    }

    /** Why the sealer refuses to go on: the position, the problem (named like verification's) and a sentence. */
    public record Halt(long position, String problem, String detail) {
    }

    /** The problem a halt names for an event without a valid writer signature. */
    public static final String EVENT_NOT_AUTHENTIC = "EVENT_NOT_AUTHENTIC";
    /** The problem a halt names for a chain head that does not reach the last anchored checkpoint. */
    public static final String CHAIN_BEHIND_ANCHOR = "CHAIN_BEHIND_ANCHOR";

    /**
     * How the sealer paces itself ({@code ledger.audit.*}, documented in docs/operations.md).
     *
     * @param checkpointEveryEvents sign a checkpoint each time this many more events are sealed
     * @param checkpointEvery       and at least this often while new events are being sealed
     * @param sealInterval          how often the sealer looks for new events
     * @param sealBatchSize         events sealed per transaction
     * @param gapTimeout            how long a missing position is waited for before it is sealed past
     */
    public record Settings(int checkpointEveryEvents, Duration checkpointEvery, Duration sealInterval, int sealBatchSize,
                           Duration gapTimeout) {
    }

    private record Head(long position, long count, String head, long lastCheckpointCount, Instant lastCheckpointAt) {
    }

    private final JdbcTemplate jdbc;
    private final EventLog eventLog;
    private final TransactionTemplate transaction;
    private final CheckpointSigner signer;
    private final CheckpointAnchor anchor;
    private final Settings properties;
    private final Clock clock;
    private final Map<Long, Instant> gapsFirstSeen = new HashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile String lastAnchorProblem;
    private volatile Halt halt;
    /** The highest checkpoint known to be in object storage, by this node or any other: only ever raised. */
    private volatile Checkpoint highestAnchored;
    private volatile Long unauthenticatedThrough;
    /** Object storage was listed in full at least once since this sealer was made. */
    private volatile boolean anchorsListed;

    public AuditSealer(JdbcTemplate jdbc, EventLog eventLog, PlatformTransactionManager transactions, CheckpointSigner signer,
                       CheckpointAnchor anchor, Settings properties, Clock clock) {
        this.jdbc = jdbc;
        this.eventLog = eventLog;
        this.transaction = new TransactionTemplate(transactions);
        this.signer = signer;
        this.anchor = anchor;
        this.properties = properties;
        this.clock = clock;
    }

    /** Seals what it can and anchors pending checkpoints; safe to call from any thread or node at any time. */
    public synchronized Round sealNow() {
        int sealed = 0;
        int checkpoints = 0;
        boolean waiting = false;
        Halt stopped = null;
        while (true) {
            Round batch = transaction.execute(status -> sealBatch());
            if (batch == null) {
                break; // another node holds the chain head; it seals
            }
            sealed += batch.sealed();
            checkpoints += batch.checkpoints();
            waiting = batch.waitingForGap();
            stopped = batch.halt();
            if (batch.sealed() < properties.sealBatchSize() || waiting || stopped != null) {
                break;
            }
        }
        raise(stopped);
        int anchored = anchorPending();
        return new Round(sealed, checkpoints, anchored, waiting, stopped);
    }

    /** Why the sealer stopped in its last round; null while it seals normally. */
    public Halt halt() {
        return halt;
    }

    private void raise(Halt stopped) {
        Halt previous = halt;
        halt = stopped;
        if (stopped != null && !stopped.equals(previous)) {
            log.error("audit sealer stopped at position {}: {}: {}", stopped.position(), stopped.problem(), stopped.detail());
        } else if (stopped == null && previous != null) {
            log.info("audit sealer sealing again after {} at position {} was cleared", previous.problem(), previous.position());
        }
    }

    /**
     * What object storage holds decides how low the chain may stand. It is looked up again in every
     * batch that may sign, under the chain head's lock, so a checkpoint another node anchored meanwhile counts as
     * much as this node's own; only the objects above the highest one known are read. False when
     * storage could not be read in full: then no checkpoint may be signed in this batch.
     */
    private boolean refreshAnchoredFloor() {
        Checkpoint known = highestAnchored;
        CheckpointAnchor.Listing listing = known == null ? anchor.anchored() : anchor.anchoredAfter(known.position());
        listing.checkpoints().forEach(this::raiseAnchoredFloor); // what could be read still raises the floor
        if (!listing.complete()) {
            reportAnchorProblem(false, "cannot list anchored checkpoints: " + listing.failure());
            return false;
        }
        anchorsListed = true;
        return true;
    }

    private void raiseAnchoredFloor(Checkpoint anchoredCheckpoint) {
        Checkpoint current = highestAnchored;
        if (current == null || anchoredCheckpoint.position() > current.position()) {
            highestAnchored = anchoredCheckpoint;
        }
    }

    /** A chain head below, or off, the highest anchored checkpoint: the database was cut back. */
    private Halt behindAnchor(Head head) {
        Checkpoint floor = highestAnchored;
        if (floor == null) {
            return null;
        }
        if (head.position() < floor.position()) {
            return new Halt(floor.position(), CHAIN_BEHIND_ANCHOR, ("the chain head stands at position %d, below checkpoint %d "
                    + "already anchored in object storage: events, seals or checkpoints were removed from the database")
                    .formatted(head.position(), floor.position()));
        }
        List<String> sealedLink = jdbc.queryForList("select link from audit_seal where position = ?", String.class,
                floor.position());
        boolean sameHead = head.position() == floor.position()
                ? head.head().equals(floor.head()) && head.count() == floor.count()
                : sealedLink.size() == 1 && sealedLink.get(0).equals(floor.head());
        if (!sameHead) {
            return new Halt(floor.position(), CHAIN_BEHIND_ANCHOR, ("the chain in the database no longer passes through the "
                    + "checkpoint anchored at position %d (head %s)").formatted(floor.position(), floor.head()));
        }
        return null;
    }

    private long unauthenticatedThrough() {
        Long known = unauthenticatedThrough;
        if (known == null) {
            known = jdbc.queryForObject("select unauthenticated_through from audit_writer_authentication where id = 1", Long.class);
            unauthenticatedThrough = known;
        }
        return known;
    }

    private Round sealBatch() {
        List<Head> locked = jdbc.query("""
                        select position, event_count, head, last_checkpoint_count, last_checkpoint_at
                        from audit_chain_head where id = 1 for update skip locked""",
                (rs, row) -> new Head(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()));
        if (locked.isEmpty()) {
            return null;
        }
        Head head = locked.get(0);
        List<AuditEvent> events = eventLog.readAfter(head.position(), properties.sealBatchSize());
        Instant now = clock.instant();
        // Object storage is listed before any batch that may sign, as before; an idle batch (nothing to seal, no
        // checkpoint due) signs nothing, so it checks the chain against the anchors already known instead of listing
        // them every seal interval. Storage is listed at least once after a start, and on every batch while a listing
        // or an upload is failing, so the problem and its end are still seen.
        boolean idle = events.isEmpty() && !(head.count() > head.lastCheckpointCount() && checkpointDueByTime(head, now));
        boolean anchorsKnown = idle && anchorsListed && lastAnchorProblem == null || refreshAnchoredFloor();
        Halt cutBack = behindAnchor(head);
        if (cutBack != null) {
            return new Round(0, 0, 0, false, cutBack);
        }
        long legacyThrough = unauthenticatedThrough();
        Map<String, PublicKey> trusted = Map.of(signer.keyId(), signer.publicKey());
        HashChain chain = new HashChain(head.head(), head.count(), head.position());
        List<Object[]> seals = new ArrayList<>();
        List<Checkpoint> checkpoints = new ArrayList<>();
        long lastCheckpointCount = head.lastCheckpointCount();
        boolean waitingForGap = false;
        Halt notAuthentic = null;
        for (AuditEvent event : events) {
            long expected = chain.lastPosition() + 1;
            if (event.position() != expected && !gapSettled(expected, event, now)) {
                waitingForGap = true;
                break;
            }
            notAuthentic = notAuthentic(event, legacyThrough, trusted);
            if (notAuthentic != null) {
                break; // never sealed: sealing it would vouch for a row the ledger did not write
            }
            gapsFirstSeen.keySet().removeIf(gap -> gap <= event.position());
            seals.add(new Object[]{event.position(), chain.append(event)});
            if (chain.count() - lastCheckpointCount >= properties.checkpointEveryEvents() && aboveAnchors(chain, anchorsKnown)) {
                checkpoints.add(signer.sign(chain.lastPosition(), chain.count(), chain.head(), now));
                lastCheckpointCount = chain.count();
            }
        }
        if (chain.count() > lastCheckpointCount && checkpointDueByTime(head, now) && aboveAnchors(chain, anchorsKnown)) {
            checkpoints.add(signer.sign(chain.lastPosition(), chain.count(), chain.head(), now));
            lastCheckpointCount = chain.count();
        }
        if (seals.isEmpty() && checkpoints.isEmpty()) {
            return new Round(0, 0, 0, waitingForGap, notAuthentic);
        }
        jdbc.batchUpdate("insert into audit_seal (position, link) values (?, ?)", seals);
        for (Checkpoint checkpoint : checkpoints) {
            jdbc.update("""
                    insert into audit_checkpoint (position, event_count, head, sealed_at, key_id, signature)
                    values (?, ?, ?, ?, ?, ?)""", checkpoint.position(), checkpoint.count(), checkpoint.head(),
                    checkpoint.sealedAt(), checkpoint.keyId(), checkpoint.signature());
        }
        jdbc.update("""
                update audit_chain_head set position = ?, event_count = ?, head = ?, last_checkpoint_count = ?,
                    last_checkpoint_at = coalesce(?, last_checkpoint_at)
                where id = 1""", chain.lastPosition(), chain.count(), chain.head(), lastCheckpointCount,
                checkpoints.isEmpty() ? null : Timestamp.from(now));
        return new Round(seals.size(), checkpoints.size(), 0, waitingForGap, notAuthentic);
    }

    private boolean checkpointDueByTime(Head head, Instant now) {
        return head.lastCheckpointAt() == null || !now.isBefore(head.lastCheckpointAt().plus(properties.checkpointEvery()));
    }

    /**
     * Checkpoints are signed only above every anchored one, and only when the anchors could be listed:
     * a checkpoint at or below an anchored position could only describe a chain that was cut back.
     */
    private boolean aboveAnchors(HashChain chain, boolean anchorsKnown) {
        Checkpoint floor = highestAnchored;
        return anchorsKnown && (floor == null || chain.lastPosition() > floor.position());
    }

    private static Halt notAuthentic(AuditEvent event, long legacyThrough, Map<String, PublicKey> trusted) {
        EventAuthentication.Verdict verdict = EventAuthentication.check(event, trusted);
        if (verdict instanceof EventAuthentication.Verdict.Authentic) {
            return null;
        }
        if (verdict instanceof EventAuthentication.Verdict.Invalid invalid) {
            return new Halt(event.position(), EVENT_NOT_AUTHENTIC, invalid.detail());
        }
        if (event.position() <= legacyThrough) {
            return null; // written before writer authentication began
        }
        return new Halt(event.position(), EVENT_NOT_AUTHENTIC, "%s %s#%d carries no writer signature: the ledger did not write it"
                .formatted(event.payloadType(), event.aggregateId(), event.sequenceNumber()));
    }

    /**
     * A position nobody has committed may still be coming (a transaction that took it has not
     * committed yet) or may never come (the transaction rolled back). It is waited for until
     * {@code gap-timeout} has passed since it was first seen, or since the event after it was
     * recorded: that event took its position later, so an old one settles an old gap at once.
     */
    private boolean gapSettled(long position, AuditEvent next, Instant now) {
        Instant firstSeen = gapsFirstSeen.computeIfAbsent(position, p -> now);
        Instant nextRecorded = recordedAt(next);
        boolean waitedLongEnough = !now.isBefore(firstSeen.plus(properties.gapTimeout()));
        boolean nextIsOld = nextRecorded != null && !now.isBefore(nextRecorded.plus(properties.gapTimeout()));
        if (!waitedLongEnough && !nextIsOld) {
            return false;
        }
        log.info("sealing past position {}: no event committed there within {}", position, properties.gapTimeout());
        return true;
    }

    private static Instant recordedAt(AuditEvent event) {
        try {
            return Instant.parse(event.timestamp());
        } catch (java.time.format.DateTimeParseException unreadable) {
            return null;
        }
    }

    private int anchorPending() {
        Integer anchored = transaction.execute(status -> {
            if (jdbc.queryForList("select id from audit_chain_head where id = 1 for update skip locked", Integer.class).isEmpty()) {
                return 0;
            }
            List<Checkpoint> pending = jdbc.query("""
                    select position, event_count, head, sealed_at, key_id, signature from audit_checkpoint
                    where anchored_at is null order by position limit 100""",
                    (rs, row) -> new Checkpoint(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
            int done = 0;
            for (Checkpoint checkpoint : pending) {
                CheckpointAnchor.Outcome outcome = anchor.anchor(checkpoint);
                if (outcome instanceof CheckpointAnchor.Outcome.Anchored written) {
                    raiseAnchoredFloor(checkpoint);
                    jdbc.update("update audit_checkpoint set anchored_at = ?, anchor_location = ?, anchor_problem = null where position = ?",
                            Timestamp.from(clock.instant()), written.location(), checkpoint.position());
                    done++;
                    continue;
                }
                String problem = outcome instanceof CheckpointAnchor.Outcome.Conflict conflict ? conflict.detail()
                        : ((CheckpointAnchor.Outcome.Failed) outcome).detail();
                jdbc.update("update audit_checkpoint set anchor_problem = ? where position = ?", problem, checkpoint.position());
                reportAnchorProblem(outcome instanceof CheckpointAnchor.Outcome.Conflict, problem);
                break; // keep anchoring in order; the rest waits for the next round
            }
            if (done > 0 && lastAnchorProblem != null) {
                log.info("audit checkpoints are being anchored in {} again", anchor.location());
                lastAnchorProblem = null;
            }
            return done;
        });
        return anchored == null ? 0 : anchored;
    }

    private void reportAnchorProblem(boolean conflict, String problem) {
        if (conflict) {
            log.error("audit checkpoint conflicts with the copy in object storage: {}", problem);
        } else if (!problem.equals(lastAnchorProblem)) {
            log.warn("audit checkpoints cannot be anchored in object storage yet (retrying): {}", problem);
        }
        lastAnchorProblem = problem;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-sealer");
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(10, properties.sealInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::sealQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void sealQuietly() {
        try {
            sealNow();
        } catch (RuntimeException e) {
            // the next round retries from the stored head; nothing half-done survives a rolled-back round
            log.warn("audit sealing round failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
