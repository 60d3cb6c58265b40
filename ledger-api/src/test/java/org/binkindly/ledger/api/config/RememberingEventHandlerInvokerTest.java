package org.binkindly.ledger.api.config;

import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remembering invoker answers as Axon's own invokers over the same handlers do, and asks the
 * handlers whether they take a payload type, or a replay, once.
 *
 * <p>The handlers here implement Axon's handler interface rather than carry its annotations: the
 * application's component scan reads the method annotations of every class in this package, and
 * Axon's {@code @EventHandler} there makes Spring log a warning at start ({@code StartupWarningsTest}).
 */
class RememberingEventHandlerInvokerTest {

    private static final Segment ALL = Segment.ROOT_SEGMENT;

    /** A handler object as Axon's invoker sees one, counting what it is asked. */
    static final class Handlers implements EventMessageHandler {
        final Set<Class<?>> types;
        final boolean replayed;
        final List<Object> handled = new ArrayList<>();
        int resets;
        int canHandleTypeAsked;
        int canHandleAsked;
        int supportsResetAsked;

        Handlers(boolean replayed, Class<?>... types) {
            this.replayed = replayed;
            this.types = Set.of(types);
        }

        /** A view: replayed, reset before a replay. */
        static Handlers view() {
            return new Handlers(true, String.class);
        }

        /** A policy: acts once, never on a replay. */
        static Handlers policy() {
            return new Handlers(false, Integer.class);
        }

        @Override
        public Object handle(EventMessage<?> event) {
            handled.add(event.getPayload());
            return null;
        }

        @Override
        public boolean canHandle(EventMessage<?> event) {
            canHandleAsked++;
            return types.contains(event.getPayloadType());
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            canHandleTypeAsked++;
            return types.contains(payloadType);
        }

        @Override
        public boolean supportsReset() {
            supportsResetAsked++;
            return replayed;
        }

        @Override
        public void prepareReset() {
            resets++;
        }
    }

    @Test
    void answersAsAxonsInvokersDo() throws Exception {
        Handlers view = Handlers.view();
        Handlers policy = Handlers.policy();
        EventHandlerInvoker axon = axonInvoker(view, policy);
        EventHandlerInvoker remembering = RememberingEventHandlerInvoker.around(axonInvoker(view, policy));

        for (Class<?> type : List.of(String.class, Integer.class, Long.class, Object.class)) {
            for (int asked = 0; asked < 2; asked++) {
                assertThat(remembering.canHandleType(type)).as(type.getName()).isEqualTo(axon.canHandleType(type));
            }
        }
        assertThat(remembering.canHandleType(Long.class)).isFalse();
        assertThat(remembering.supportsReset()).isEqualTo(axon.supportsReset()).isTrue();
        assertThat(RememberingEventHandlerInvoker.around(axonInvoker(Handlers.policy())).supportsReset()).as("a policy alone")
                .isFalse();
        for (EventMessage<?> event : List.of(live("declared"), live(7), replayed("declared"), replayed(7), live(7L))) {
            assertThat(remembering.canHandle(event, ALL)).as(event.toString()).isEqualTo(axon.canHandle(event, ALL));
        }
        assertThat(remembering.canHandle(replayed(7), ALL)).as("a policy's event on a replay").isFalse();

        for (EventMessage<?> event : List.of(live("a"), live(1), replayed("b"), replayed(2))) {
            remembering.handle(event, ALL);
        }
        assertThat(view.handled).containsExactly("a", "b");
        assertThat(policy.handled).containsExactly(1);

        remembering.performReset();
        assertThat(view.resets).isEqualTo(1);
        assertThat(policy.resets).as("a policy is not reset").isZero();
    }

    @Test
    void aTypeNoHandlerTakesIsRefusedWithoutMatchingTheEvent() {
        Handlers view = Handlers.view();
        Handlers policy = Handlers.policy();
        EventHandlerInvoker remembering = RememberingEventHandlerInvoker.around(axonInvoker(view, policy));

        for (int event = 0; event < 50; event++) {
            assertThat(remembering.canHandle(event % 2 == 0 ? live((long) event) : replayed((long) event), ALL)).isFalse();
        }
        assertThat(view.canHandleAsked).as("the view matched against events of a type it does not take").isZero();
        assertThat(policy.canHandleAsked).as("the policy matched against events of a type it does not take").isZero();

        assertThat(remembering.canHandle(live("declared"), ALL)).isTrue();
        assertThat(view.canHandleAsked).as("an event of a type the view takes is still matched").isEqualTo(1);
        assertThat(policy.canHandleAsked).as("nor the policy, which does not take text").isZero();
    }

    @Test
    void asksEachHandlerOnceWhetherItTakesATypeOrAReplay() throws Exception {
        Handlers view = Handlers.view();
        Handlers policy = Handlers.policy();
        EventHandlerInvoker remembering = RememberingEventHandlerInvoker.around(axonInvoker(view, policy));

        for (int event = 0; event < 50; event++) {
            remembering.canHandleType(String.class);
            remembering.canHandleType(Long.class);
            remembering.canHandle(event % 2 == 0 ? live("e" + event) : replayed("e" + event), ALL);
            remembering.handle(replayed(event), ALL);
            remembering.supportsReset();
        }

        assertThat(view.canHandleTypeAsked).as("text, Long, and Integer (the replayed events handled)").isEqualTo(3);
        assertThat(policy.canHandleTypeAsked).as("Long only: the view takes text, and a policy is not asked on a replay")
                .isEqualTo(1);
        assertThat(view.supportsResetAsked).isEqualTo(1);
        assertThat(policy.supportsResetAsked).isEqualTo(1);
        assertThat(policy.handled).as("never on a replay").isEmpty();
    }

    /** As Axon's configuration builds a processor's invoker: one group per handler object, in one invoker. */
    private static EventHandlerInvoker axonInvoker(Handlers... handlers) {
        return new MultiEventHandlerInvoker(List.of(handlers).stream()
                .<EventHandlerInvoker>map(group -> SimpleEventHandlerInvoker.builder().eventHandlers(group).build()).toList());
    }

    private static EventMessage<?> live(Object payload) {
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(20), GenericEventMessage.asEventMessage(payload));
    }

    private static EventMessage<?> replayed(Object payload) {
        return new GenericTrackedEventMessage<>(
                ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(10), new GlobalSequenceTrackingToken(1)),
                GenericEventMessage.asEventMessage(payload));
    }
}
