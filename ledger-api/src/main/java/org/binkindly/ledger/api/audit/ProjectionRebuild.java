package org.binkindly.ledger.api.audit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.binkindly.ledger.api.web.ApiException;
import org.binkindly.ledger.api.web.ApiProblem;
import org.binkindly.ledger.api.web.ViewFreshness;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Rebuilds a view from the log: stop its processing group, reset its token (its
 * {@code @ResetHandler} clears the view), start it, and wait until it has replayed every event
 * committed before the rebuild began. Handlers marked {@code @DisallowReplay} (the ledger's
 * policies, which send commands and touch storage) do not act during the replay; a group made
 * only of such handlers cannot be rebuilt at all.
 */
@Component
public class ProjectionRebuild {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    /**
     * A processing group and where it stands.
     *
     * @param group the view's processing group, e.g. scope-posture
     * @param replayable true when the view can be rebuilt from the log
     * @param running true while its processor runs
     * @param error true when its processor stopped on an error
     * @param replaying true while it is being rebuilt
     * @param position the last log position it has handled; absent before the first
     */
    public record Status(String group, boolean replayable, boolean running, boolean error, boolean replaying,
                         Long position) {
    }

    /**
     * What a rebuild did: whether it caught up within the wait, and how far it got.
     *
     * @param group the view's processing group
     * @param caughtUp true when the rebuild reached the log's head within the wait
     * @param replayedThrough the log position the rebuild had to reach: the head when it began
     * @param position the last position it had handled when the answer was given
     * @param millis how long the rebuild ran, in milliseconds
     */
    public record Rebuilt(String group, boolean caughtUp, long replayedThrough, Long position, long millis) {
    }

    /**
     * What rebuilding every view at once did.
     *
     * @param caughtUp true when every view reached the log's head within the wait
     * @param replayedThrough the log position each rebuild had to reach: the head when they began
     * @param millis how long the rebuild of every view ran, in milliseconds
     * @param views each view's own rebuild; its {@code millis} is how long it took to catch up (or the wait, if it did not)
     */
    public record RebuiltAll(boolean caughtUp, long replayedThrough, long millis, List<Rebuilt> views) {
    }

    private final EventProcessingConfiguration processing;
    private final EventLog eventLog;
    private final ViewFreshness freshness;

    public ProjectionRebuild(EventProcessingConfiguration processing, EventLog eventLog, ViewFreshness freshness) {
        this.processing = processing;
        this.eventLog = eventLog;
        this.freshness = freshness;
    }

    public List<Status> groups() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(processor -> status((StreamingEventProcessor) processor))
                .sorted(Comparator.comparing(Status::group))
                .toList();
    }

    public Rebuilt rebuild(String group, Duration wait) {
        StreamingEventProcessor processor = processing.eventProcessorByProcessingGroup(group, StreamingEventProcessor.class)
                .orElseThrow(() -> new ApiException(ApiProblem.NOT_FOUND, "no projection '%s'; GET /projections lists them".formatted(group)));
        if (!processor.supportsReset()) {
            throw new ApiException(ApiProblem.PROJECTION_NOT_REPLAYABLE, ("'%s' holds only handlers that must never run twice "
                    + "(they send commands or touch storage); it has no view to rebuild").formatted(group));
        }
        long target = eventLog.head().orElse(0);
        long started = System.nanoTime();
        log.info("rebuilding {} from the log (through position {})", group, target);
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (UnableToClaimTokenException claimedElsewhere) {
            throw new ApiException(ApiProblem.PROJECTION_BUSY, busy(List.of(group)));
        } finally {
            processor.start();
        }
        boolean caughtUp = awaitReplayed(processor, group, target, wait);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        log.info("{} {} position {} after {} ms", group, caughtUp ? "rebuilt through" : "still replaying toward", target, millis);
        return new Rebuilt(group, caughtUp, target, status(processor).position(), millis);
    }

    /**
     * Rebuilds every replayable view at once: all are stopped together (a worker waiting for the next event
     * sees the stop within 200 ms, {@code config.StopAwareMessageSource}), reset one by one, started together,
     * and replay the log side by side, so the machine's cores and the database serve several views at a time.
     * If another node holds one of them, the others are rebuilt all the same, and the answer names the ones
     * that were not.
     */
    public RebuiltAll rebuildAll(Duration wait) {
        List<StreamingEventProcessor> views = processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .filter(StreamingEventProcessor::supportsReset)
                .sorted(Comparator.comparing(StreamingEventProcessor::getName))
                .toList();
        long target = eventLog.head().orElse(0);
        long started = System.nanoTime();
        log.info("rebuilding every view ({}) from the log (through position {})", views.size(), target);
        CompletableFuture.allOf(views.stream().map(StreamingEventProcessor::shutdownAsync).toArray(CompletableFuture[]::new)).join();
        List<String> busy = new ArrayList<>();
        try {
            for (StreamingEventProcessor view : views) {
                try {
                    view.resetTokens();
                } catch (UnableToClaimTokenException claimedElsewhere) {
                    busy.add(view.getName());
                }
            }
        } finally {
            views.forEach(StreamingEventProcessor::start);
        }
        if (!busy.isEmpty()) {
            log.warn("rebuilding every view but {}: another ledger node holds them", busy);
            throw new ApiException(ApiProblem.PROJECTION_BUSY, busy(busy) + "; every other view is being rebuilt");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Long> caughtUpAt = new HashMap<>();
        while (true) {
            for (StreamingEventProcessor view : views) {
                if (!caughtUpAt.containsKey(view.getName()) && replayed(view, view.getName(), target)) {
                    caughtUpAt.put(view.getName(), System.nanoTime());
                }
            }
            if (caughtUpAt.size() == views.size() || System.nanoTime() > deadline
                    || views.stream().noneMatch(StreamingEventProcessor::isRunning) || !pause()) {
                break;
            }
        }
        long ended = System.nanoTime();
        List<Rebuilt> rebuilt = views.stream().map(view -> new Rebuilt(view.getName(), caughtUpAt.containsKey(view.getName()), target,
                status(view).position(), Duration.ofNanos(caughtUpAt.getOrDefault(view.getName(), ended) - started).toMillis())).toList();
        long millis = Duration.ofNanos(ended - started).toMillis();
        boolean caughtUp = caughtUpAt.size() == views.size();
        log.info("every view {} position {} after {} ms", caughtUp ? "rebuilt through" : "still replaying toward", target, millis);
        return new RebuiltAll(caughtUp, target, millis, rebuilt);
    }

    private static String busy(List<String> groups) {
        return ("another ledger node is processing %s; stop it there (or wait for its claim to lapse) and rebuild again")
                .formatted(groups.stream().map(group -> "'" + group + "'").collect(Collectors.joining(", ")));
    }

    private boolean awaitReplayed(StreamingEventProcessor processor, String group, long target, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (processor.isRunning()) {
            if (replayed(processor, group, target)) {
                return true;
            }
            if (System.nanoTime() > deadline || !pause()) {
                return false;
            }
        }
        return false;
    }

    /**
     * Done once every segment has handled the event at {@code target}. Not "no longer replaying":
     * Axon keeps a reset token in replay until an event after the reset position arrives, which on
     * a quiet log may be never. Judged as a read after a write judges it ({@link ViewFreshness#hasHandled}):
     * by the stored tokens, since a view split into segments may have some of them folded by another node,
     * or by this node's workers. Not by the stored tokens alone: a segment whose last events belong to the
     * other segments stores its position only after Axon's wait for more events, which made every rebuild
     * last up to a second longer than its replay.
     */
    private boolean replayed(StreamingEventProcessor processor, String group, long target) {
        Collection<EventTrackerStatus> statuses = processor.processingStatus().values();
        return processor.isRunning() && !statuses.isEmpty() && statuses.stream().noneMatch(EventTrackerStatus::isErrorState)
                && (target == 0 || freshness.hasHandled(group, target));
    }

    /** Waits a little between looks at where the views stand; false if interrupted. */
    private static boolean pause() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Still replaying events from before the reset (Axon's own flag stays up until a newer event arrives). */
    private static boolean behindReset(EventTrackerStatus status) {
        if (!status.isReplaying()) {
            return false;
        }
        OptionalLong reset = status.getResetPosition();
        OptionalLong current = status.getCurrentPosition();
        return reset.isEmpty() || current.isEmpty() || current.getAsLong() < reset.getAsLong();
    }

    private static Status status(StreamingEventProcessor processor) {
        Collection<EventTrackerStatus> statuses = processor.processingStatus().values();
        Long position = statuses.stream().map(EventTrackerStatus::getCurrentPosition).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).min(Long::compare).orElse(null);
        return new Status(processor.getName(), processor.supportsReset(), processor.isRunning(), processor.isError(),
                statuses.stream().anyMatch(ProjectionRebuild::behindReset), position);
    }
}
