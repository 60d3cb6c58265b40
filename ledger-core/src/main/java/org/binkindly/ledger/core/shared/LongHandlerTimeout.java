package org.binkindly.ledger.core.shared;

/**
 * The time-out of the handlers that take a whole alert delivery at once (up to 1,000 alerts): routing
 * it and the batch commands it sends. Axon's default (30 s, a warning from 10 s) can pass on a loaded
 * machine, and an interrupted handler is retried from the start, again and again. Given in
 * milliseconds, for {@code @MessageHandlerTimeout}.
 */
public final class LongHandlerTimeout {

    public static final int TIMEOUT_MS = 600_000;
    public static final int WARNING_THRESHOLD_MS = 60_000;
    public static final int WARNING_INTERVAL_MS = 30_000;

    private LongHandlerTimeout() {
    }
}
