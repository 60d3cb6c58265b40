package org.binkindly.ledger.api.config;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor's stream waits for events as long as asked, in slices, and stops waiting at the first
 * slice's end once the processor is stopping.
 */
class StopAwareMessageSourceTest {

    private static final long SLICE_NANOS = StopAwareMessageSource.SLICE.toNanos();

    /** The event store's stream as a waiting reader sees it: each wait lasts as long as asked, then maybe an event. */
    static final class WaitingStream implements BlockingStream<TrackedEventMessage<?>> {
        final List<Long> waitsAskedNanos = new ArrayList<>();
        /** The wait after which an event is there, counting from 1; 0 for never. */
        final int eventAfterWait;
        final Runnable afterEachWait;
        boolean closed;

        WaitingStream(int eventAfterWait, Runnable afterEachWait) {
            this.eventAfterWait = eventAfterWait;
            this.afterEachWait = afterEachWait;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            waitsAskedNanos.add(unit.toNanos(timeout));
            TimeUnit.NANOSECONDS.sleep(unit.toNanos(timeout));
            afterEachWait.run();
            return waitsAskedNanos.size() == eventAfterWait;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.empty();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(1), GenericEventMessage.asEventMessage("event"));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static BlockingStream<TrackedEventMessage<?>> stopAware(WaitingStream stream, AtomicBoolean stopping) {
        StreamableMessageSource<TrackedEventMessage<?>> source = new StreamableMessageSource<>() {
            @Override
            public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
                return stream;
            }

            @Override
            public TrackingToken createTailToken() {
                return new GlobalSequenceTrackingToken(-1);
            }
        };
        StopAwareMessageSource stopAware = new StopAwareMessageSource(source, stopping::get);
        assertThat(stopAware.createTailToken()).isEqualTo(new GlobalSequenceTrackingToken(-1));
        return stopAware.openStream(null);
    }

    @Test
    void aRunningProcessorWaitsAsLongAsItAsksInSlices() throws InterruptedException {
        WaitingStream events = new WaitingStream(0, () -> { });
        BlockingStream<TrackedEventMessage<?>> stream = stopAware(events, new AtomicBoolean(false));

        long started = System.nanoTime();
        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isFalse();

        assertThat(System.nanoTime() - started).as("waited as long as asked").isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(events.waitsAskedNanos).as("the second cut into slices")
                .hasSizeGreaterThanOrEqualTo((int) (TimeUnit.SECONDS.toNanos(1) / SLICE_NANOS))
                .allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(SLICE_NANOS));
    }

    @Test
    void anEventEndsTheWait() throws InterruptedException {
        WaitingStream events = new WaitingStream(3, () -> { });
        BlockingStream<TrackedEventMessage<?>> stream = stopAware(events, new AtomicBoolean(false));

        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        assertThat(events.waitsAskedNanos).hasSize(3);
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event");
    }

    @Test
    void aStoppingProcessorStopsWaitingAtTheEndOfTheSlice() throws InterruptedException {
        AtomicBoolean stopping = new AtomicBoolean(false);
        AtomicInteger waits = new AtomicInteger();
        WaitingStream events = new WaitingStream(0, () -> {
            if (waits.incrementAndGet() == 2) {
                stopping.set(true); // the processor is shut down during the second wait
            }
        });
        BlockingStream<TrackedEventMessage<?>> stream = stopAware(events, stopping);

        assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isFalse();

        assertThat(events.waitsAskedNanos).as("no wait after the one during which the processor began to stop").hasSize(2);
    }

    @Test
    void aLookWithoutWaitingAsksOnceWithoutWaiting() throws InterruptedException {
        WaitingStream events = new WaitingStream(0, () -> { });
        BlockingStream<TrackedEventMessage<?>> stream = stopAware(events, new AtomicBoolean(true));

        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(events.waitsAskedNanos).containsExactly(0L);
        stream.close();
        assertThat(events.closed).isTrue();
    }
}
