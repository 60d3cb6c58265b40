package org.binkindly.ledger.api.config;

import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.Segment;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A processor's handlers, answering the two questions whose answer cannot change while the
 * application runs from memory: whether they handle a payload type, and whether they take part in
 * a replay. Axon's invokers work both out anew, with streams over every handler method, for each
 * event each processor reads: whether it handles the event's type when it skips one, and whether
 * the handlers support a reset before every other check, replay or not. That was a sixth of the
 * JVM's CPU in a rebuild of the views (docs/performance.md). Everything else, including whether
 * the handlers take this very event in this segment, is asked of Axon's invokers as before.
 */
final class RememberingEventHandlerInvoker extends MultiEventHandlerInvoker {

    private final Map<Class<?>, Boolean> handledTypes = new ConcurrentHashMap<>();
    private volatile Boolean supportsReset;

    private RememberingEventHandlerInvoker(List<EventHandlerInvoker> delegates) {
        super(delegates);
    }

    /** Axon's invoker for a processor, each of its handler groups remembering its answers too. */
    static RememberingEventHandlerInvoker around(EventHandlerInvoker invoker) {
        List<EventHandlerInvoker> groups = invoker instanceof MultiEventHandlerInvoker multi ? multi.delegates() : List.of(invoker);
        return new RememberingEventHandlerInvoker(groups.stream().<EventHandlerInvoker>map(Remembering::new).toList());
    }

    @Override
    public boolean canHandleType(Class<?> payloadType) {
        return handledTypes.computeIfAbsent(payloadType, super::canHandleType);
    }

    @Override
    public boolean supportsReset() {
        Boolean known = supportsReset;
        if (known == null) {
            known = super.supportsReset();
            supportsReset = known;
        }
        return known;
    }

    /** One group of handlers (Axon's invoker of one processing group's handler objects). */
    private static final class Remembering implements EventHandlerInvoker {

        private final EventHandlerInvoker handlers;
        private final Map<Class<?>, Boolean> handledTypes = new ConcurrentHashMap<>();
        private volatile Boolean supportsReset;

        Remembering(EventHandlerInvoker handlers) {
            this.handlers = handlers;
        }

        @Override
        public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
            return handlers.canHandle(eventMessage, segment);
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            return handledTypes.computeIfAbsent(payloadType, handlers::canHandleType);
        }

        @Override
        public void handle(EventMessage<?> message, Segment segment) throws Exception {
            handlers.handle(message, segment);
        }

        @Override
        public boolean supportsReset() {
            Boolean known = supportsReset;
            if (known == null) {
                known = handlers.supportsReset();
                supportsReset = known;
            }
            return known;
        }

        @Override
        public void performReset() {
            handlers.performReset();
        }

        @Override
        public <R> void performReset(R resetContext) {
            handlers.performReset(resetContext);
        }

        @Override
        public void segmentReleased(Segment segment) {
            handlers.segmentReleased(segment);
        }

        @Override
        public String toString() {
            return "Remembering[" + handlers + "]";
        }
    }
}
