package org.binkindly.ledger.api.config;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.binkindly.ledger.api.consistency.NodeName;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shares the split views' segments between the nodes on one database. Axon's tracking processors
 * claim whatever segment is free, so the first node up would keep them all; every round this node
 * <ol>
 * <li>says it is alive (its row in {@code ledger_node}, time from the database's clock);</li>
 * <li>counts the nodes seen in the last three rounds (a dead node drops out of the count before its claims
 *     lapse, so the node that takes them over does not hand one back to it);</li>
 * <li>for each split view it is running: splits a segment it holds while the view has fewer segments
 *     than {@code ledger.views.segments} (an existing database, or a raised setting), merges two while
 *     it has more, and otherwise releases one segment while it holds more than its share (the
 *     segments divided by the nodes alive, rounded up), for long enough that a node with a free
 *     thread claims it.</li>
 * </ol>
 * A node that dies simply stops holding: the others' free threads claim its segments once its claims
 * lapse, and the shares grow as it drops out of the count. Splitting and merging keep the segment's
 * position, so nothing is folded twice or skipped. One change per view per round, then a pause, so the
 * claims settle before the next look.
 */
public class ViewSegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ViewSegmentBalancer.class);

    /** Rows of nodes not seen for this long are removed (each start has a new name). */
    private static final Duration FORGET_AFTER = Duration.ofDays(1);

    private final EventProcessingConfiguration processing;
    private final EventLog eventLog;
    private final JdbcTemplate jdbc;
    private final NodeName node;
    private final int segments;
    /** A node not seen for this long is not counted: three rounds it did not take part in. */
    private final Duration aliveWithin;
    private final long roundMillis;
    /** A released segment must stay free for longer than the others take to look for one. */
    private final long releaseMillis;
    private final Map<String, Long> quietUntil = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService rounds;
    private volatile boolean failing;

    public ViewSegmentBalancer(EventProcessingConfiguration processing, EventLog eventLog, JdbcTemplate jdbc, NodeName node,
                               int segments, long claimIntervalMillis) {
        this.processing = processing;
        this.eventLog = eventLog;
        this.jdbc = jdbc;
        this.node = node;
        this.segments = segments;
        this.aliveWithin = Duration.ofMillis(3 * claimIntervalMillis);
        this.roundMillis = claimIntervalMillis;
        this.releaseMillis = 3 * claimIntervalMillis;
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "view-segments");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::round, 0, roundMillis, TimeUnit.MILLISECONDS);
        rounds = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = rounds;
        rounds = null;
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
            jdbc.update("delete from ledger_node where node_id = ?", node.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException databaseGone) {
            log.debug("could not remove this node from ledger_node: {}", databaseGone.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return rounds != null;
    }

    /** One look at the nodes and the segments; a failure (the database away) waits for the next round. */
    void round() {
        try {
            int alive = heartbeat();
            for (String group : ViewSegments.SPLIT_VIEWS.keySet()) {
                processing.eventProcessorByProcessingGroup(group, StreamingEventProcessor.class)
                        .ifPresent(processor -> balance(group, processor, alive));
            }
            if (failing) {
                log.info("view segments: balancing again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("view segments: cannot balance this round ({}); trying again every {} ms", e.getMessage(), roundMillis);
                failing = true;
            }
        }
    }

    /** Marks this node alive and answers how many nodes are (this one included). */
    private int heartbeat() {
        jdbc.update("""
                insert into ledger_node (node_id, last_seen) values (?, now())
                on conflict (node_id) do update set last_seen = now()""", node.value());
        jdbc.update("delete from ledger_node where last_seen < now() - ? * interval '1 millisecond'", FORGET_AFTER.toMillis());
        Integer alive = jdbc.queryForObject("select count(*) from ledger_node where last_seen > now() - ? * interval '1 millisecond'",
                Integer.class, aliveWithin.toMillis());
        return Math.max(1, alive == null ? 1 : alive);
    }

    private void balance(String group, StreamingEventProcessor processor, int alive) {
        long now = System.currentTimeMillis();
        if (!processor.isRunning() || processor.isError() || quietUntil.getOrDefault(group, 0L) > now) {
            return; // stopped for a rebuild, backing off after an error, or a change still settling
        }
        Map<Integer, EventTrackerStatus> held = processor.processingStatus();
        if (held.isEmpty()) {
            return;
        }
        int stored = eventLog.tokens(group).size();
        if (stored < segments) {
            int widest = held.values().stream().min(Comparator.comparingInt(status -> status.getSegment().getMask()))
                    .orElseThrow().getSegment().getSegmentId();
            log.info("view {}: {} segments, {} configured: splitting segment {}", group, stored, segments, widest);
            processor.splitSegment(widest);
        } else if (stored > segments) {
            int narrowest = held.values().stream().max(Comparator.comparingInt(status -> status.getSegment().getMask()))
                    .orElseThrow().getSegment().getSegmentId();
            log.info("view {}: {} segments, {} configured: merging segment {} with its sibling", group, stored, segments, narrowest);
            processor.mergeSegment(narrowest);
        } else {
            int share = (stored + alive - 1) / alive;
            if (held.size() <= share) {
                return;
            }
            int released = held.keySet().stream().max(Integer::compare).orElseThrow();
            log.info("view {}: this node holds {} of {} segments with {} nodes alive: releasing segment {} for {} ms",
                    group, held.size(), stored, alive, released, releaseMillis);
            processor.releaseSegment(released, releaseMillis, TimeUnit.MILLISECONDS);
        }
        quietUntil.put(group, now + 2 * roundMillis);
    }
}
