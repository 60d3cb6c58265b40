package org.binkindly.ledger.api.config;

import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A processor's handlers, answering from memory the two questions whose answers cannot change
 * while the application runs: whether they handle a payload type, and whether they take part in a
 * replay. Axon's invokers work both out anew, with streams over every handler method, for each
 * event each processor reads: whether it handles the event's type when it skips one, and whether
 * the handlers support a reset before every other check, replay or not. That was a sixth of the
 * JVM's CPU in a rebuild of the views (docs/performance.md).
 * <p>
 * Whether the handlers take this very event in this segment is asked of Axon's invokers as before,
 * but only for a payload type they handle: for any other the answer is no without asking. Axon's
 * annotated handler takes an event only if its payload type is one it handles, and Axon relies on
 * that itself (a processor tells its stream to skip a type its handlers do not take). Asking
 * anyway matched each handler method against each event a view skips, most of the log for most
 * views, and was a seventh of such a view's CPU in a rebuild.
 */
final class RememberingEventHandlerInvoker extends MultiEventHandlerInvoker {

    private final Remembered answers = new Remembered();
    private final List<EventHandlerInvoker> groups;

    private RememberingEventHandlerInvoker(List<EventHandlerInvoker> delegates) {
        super(delegates);
        this.groups = List.copyOf(delegates);
    }

    /** Axon's invoker for a processor, each of its handler groups remembering its answers too. */
    static RememberingEventHandlerInvoker around(EventHandlerInvoker invoker) {
        List<EventHandlerInvoker> groups = invoker instanceof MultiEventHandlerInvoker multi ? multi.delegates() : List.of(invoker);
        return new RememberingEventHandlerInvoker(groups.stream().<EventHandlerInvoker>map(Remembering::new).toList());
    }

    /**
     * As Axon's, a loop where Axon streams over the handler groups: a group takes the event if it takes part
     * in a replay or the event is not one, and it takes the event in this segment. Axon's stream was 3% of
     * the JVM's CPU in a rebuild of every view, for a list of one or two groups.
     */
    @Override
    public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
        if (!canHandleType(eventMessage.getPayloadType())) {
            return false;
        }
        for (EventHandlerInvoker group : groups) {
            if ((group.supportsReset() || !ReplayToken.isReplay(eventMessage)) && group.canHandle(eventMessage, segment)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean canHandleType(Class<?> payloadType) {
        return answers.handlesType(payloadType, super::canHandleType);
    }

    @Override
    public boolean supportsReset() {
        return answers.supportsReset(super::supportsReset);
    }

    /** The two answers of one invoker, each worked out at the first question. */
    private static final class Remembered {

        private final Map<Class<?>, Boolean> handledTypes = new ConcurrentHashMap<>();
        private volatile Boolean supportsReset;

        boolean handlesType(Class<?> payloadType, Predicate<Class<?>> ask) {
            return handledTypes.computeIfAbsent(payloadType, ask::test);
        }

        boolean supportsReset(BooleanSupplier ask) {
            Boolean known = supportsReset;
            if (known == null) {
                known = ask.getAsBoolean();
                supportsReset = known;
            }
            return known;
        }
    }

    /** One group of handlers (Axon's invoker of one processing group's handler objects). */
    private static final class Remembering implements EventHandlerInvoker {

        private final EventHandlerInvoker handlers;
        private final Remembered answers = new Remembered();

        Remembering(EventHandlerInvoker handlers) {
            this.handlers = handlers;
        }

        @Override
        public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
            return canHandleType(eventMessage.getPayloadType()) && handlers.canHandle(eventMessage, segment);
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            return answers.handlesType(payloadType, handlers::canHandleType);
        }

        @Override
        public void handle(EventMessage<?> message, Segment segment) throws Exception {
            handlers.handle(message, segment);
        }

        @Override
        public boolean supportsReset() {
            return answers.supportsReset(handlers::supportsReset);
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
