package org.binkindly.ledger.api.config;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.axonframework.messaging.annotation.MessageHandlerTimeout;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.timeout.UnitOfWorkTimeoutInterceptor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.Serializer;
import org.binkindly.ledger.adapters.eventlog.ClassCachingJacksonSerializer;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.core.alert.policy.AlertCorrelationPolicy;
import org.binkindly.ledger.projections.incident.IncidentViewProjector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.lang.annotation.Annotation;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ledger decides in place of Axon's defaults, checked on the running application's own Axon
 * configuration: no time limit per handler invocation (Axon's takes the thread's whole stack at every
 * call; the unit of work around it keeps its limit), except for the handlers that declare one; one
 * serializer, remembering resolved classes, for events, messages and everything else; no
 * per-message monitors on the command bus, the event store or any processor; the ledger's own
 * unit-of-work time limit, with Axon's settings, in place of Axon's; processors that ask their
 * handlers once whether they take a payload type or a replay; and processors that hand Axon one shared
 * empty result for an event instead of a new message each.
 */
class AxonHandlerSettingsHttpTest extends LedgerHttpTest {

    private static final List<Class<? extends Annotation>> HANDLERS = List.of(CommandHandler.class, EventHandler.class,
            EventSourcingHandler.class, QueryHandler.class, DeadlineHandler.class);

    @Autowired
    private org.axonframework.config.Configuration axon;

    @Test
    void onlyTheHandlersThatDeclareATimeLimitAreTimedOneByOne() throws ClassNotFoundException {
        Map<String, Boolean> timed = new TreeMap<>();
        Map<String, Boolean> declared = new TreeMap<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.binkindly.ledger")) {
            if (type.getMethods().stream().noneMatch(method -> HANDLERS.stream().anyMatch(method::isAnnotatedWith))) {
                continue;
            }
            Class<?> handlerType = Class.forName(type.getName());
            AnnotatedHandlerInspector<?> inspector = AnnotatedHandlerInspector.inspectType(handlerType,
                    axon.parameterResolverFactory(), axon.handlerDefinition(handlerType));
            inspector.getAllHandlers().values().stream().flatMap(Collection::stream).forEach(member -> {
                Executable method = member.unwrap(Executable.class).orElseThrow(() -> new AssertionError("no method behind " + member));
                String name = handlerType.getSimpleName() + "." + method.getName() + "(" + member.payloadType().getSimpleName() + ")";
                timed.put(name, isTimed(member));
                declared.put(name, method.isAnnotationPresent(MessageHandlerTimeout.class));
            });
        }
        assertThat(timed).as("handlers found").hasSizeGreaterThan(100);
        assertThat(declared).as("handlers declaring a time limit").containsValue(true);
        assertThat(timed).as("timed one by one exactly where declared").isEqualTo(declared);
    }

    @Test
    void oneSerializerThatRemembersClassesServesEventsMessagesAndTheRest() {
        Serializer serializer = axon.serializer();
        assertThat(serializer).isInstanceOf(ClassCachingJacksonSerializer.class);
        assertThat(axon.eventSerializer()).isSameAs(serializer);
        assertThat(axon.messageSerializer()).isSameAs(serializer);
    }

    @Test
    void noComponentTimesOrCountsEachMessage() {
        assertThat(axon.messageMonitor(CommandBus.class, "commandBus")).isSameAs(NoOpMessageMonitor.INSTANCE);
        assertThat(axon.messageMonitor(EventStore.class, "eventStore")).isSameAs(NoOpMessageMonitor.INSTANCE);
        assertThat(axon.eventProcessingConfiguration().eventProcessors()).hasSizeGreaterThan(9).allSatisfy((name, processor) ->
                assertThat(axon.messageMonitor(processor.getClass(), name)).as(name).isSameAs(NoOpMessageMonitor.INSTANCE));
    }

    @Test
    void everyProcessorAsksItsHandlersOnceWhatCannotChange() {
        assertThat(axon.eventProcessingConfiguration().eventProcessors()).hasSizeGreaterThan(9).allSatisfy((name, processor) ->
                assertThat(((AbstractEventProcessor) processor).eventHandlerInvoker()).as(name)
                        .isInstanceOf(RememberingEventHandlerInvoker.class));
        assertThat(((AbstractEventProcessor) axon.eventProcessingConfiguration().eventProcessor(IncidentViewProjector.PROCESSING_GROUP)
                .orElseThrow()).eventHandlerInvoker().supportsReset()).as("a view").isTrue();
        assertThat(((AbstractEventProcessor) axon.eventProcessingConfiguration().eventProcessor(AlertCorrelationPolicy.PROCESSING_GROUP)
                .orElseThrow()).eventHandlerInvoker().supportsReset()).as("a policy").isFalse();
    }

    @Test
    void everyProcessorHandsAxonTheSharedEmptyResultFromItsOutermostInterceptor() {
        // outside every interceptor but the tracking processor's own, which stores the token and hands back what it is given
        assertThat(axon.eventProcessingConfiguration().eventProcessors()).hasSizeGreaterThan(9).allSatisfy((name, processor) ->
                assertThat(((AbstractEventProcessor) processor).getHandlerInterceptors()).as(name)
                        .filteredOn(interceptor -> interceptor.getClass().getNestHost() != TrackingEventProcessor.class).first()
                        .isInstanceOf(EmptyEventResult.class));
    }

    @Test
    void everyTrackingProcessorReadsAStreamThatStopsWaitingWhenItStops() {
        List<TrackingEventProcessor> tracking = axon.eventProcessingConfiguration().eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance).map(TrackingEventProcessor.class::cast).toList();
        assertThat(tracking).hasSizeGreaterThan(9).allSatisfy(processor ->
                assertThat(processor.getMessageSource()).as(processor.getName()).isInstanceOf(StopAwareMessageSource.class));
    }

    @Test
    void eventsOfOtherNodesAndPositionsSkippedToReachTheViewsWithinThePollInterval() throws ReflectiveOperationException {
        Map<String, Long> waits = new TreeMap<>();
        Field timeout = TrackingEventProcessor.class.getDeclaredField("eventAvailabilityTimeout");
        timeout.setAccessible(true);
        for (var processor : axon.eventProcessingConfiguration().eventProcessors().entrySet()) {
            if (processor.getValue() instanceof TrackingEventProcessor tracking) {
                waits.put(processor.getKey(), ((Number) timeout.get(tracking)).longValue());
            }
        }
        List<String> views = new ArrayList<>(ViewSegments.SPLIT_VIEWS.keySet());
        views.addAll(ViewSegments.ONE_SEGMENT_VIEWS);
        // application-test.yml sets ledger.views.poll-interval to 300ms; Axon's own is a second, which the policies keep
        assertThat(views).hasSize(9).allSatisfy(view -> assertThat(waits).as(view).containsEntry(view, 300L));
        assertThat(waits).containsEntry(AlertCorrelationPolicy.PROCESSING_GROUP, 1_000L);
        // the event store looks for other nodes' events as often (Axon's own looks every second)
        Field producerField = EmbeddedEventStore.class.getDeclaredField("producer");
        producerField.setAccessible(true);
        Object producer = producerField.get(axon.eventStore());
        Field fetchDelay = producer.getClass().getDeclaredField("fetchDelayNanos");
        fetchDelay.setAccessible(true);
        assertThat(Duration.ofNanos((Long) fetchDelay.get(producer))).isEqualTo(Duration.ofMillis(300));
    }

    /** The event store keeps the newest 2,000 events for the tailing processors, not Axon's 10,000 (stack.md pitfall 24). */
    @Test
    void theEventStoreKeepsTheNewestTwoThousandEventsInMemory() throws ReflectiveOperationException {
        Field producerField = EmbeddedEventStore.class.getDeclaredField("producer");
        producerField.setAccessible(true);
        Object producer = producerField.get(axon.eventStore());
        Field cachedEvents = producer.getClass().getDeclaredField("cachedEvents");
        cachedEvents.setAccessible(true);
        assertThat(cachedEvents.get(producer)).isEqualTo(2_000).isEqualTo(EventStoreConfiguration.RECENT_EVENTS_KEPT);
    }

    @Test
    void everyUnitOfWorkIsLimitedByTheLedgersOwnTimeLimitWithItsSettings() throws ReflectiveOperationException {
        Map<String, Integer> processorLimits = new TreeMap<>();
        axon.eventProcessingConfiguration().eventProcessors().forEach((name, processor) -> {
            List<MessageHandlerInterceptor<? super EventMessage<?>>> interceptors = ((AbstractEventProcessor) processor).getHandlerInterceptors();
            assertThat(interceptors).as(name).noneMatch(UnitOfWorkTimeoutInterceptor.class::isInstance);
            assertThat(interceptors).as(name).filteredOn(UnitOfWorkTimeLimit.class::isInstance).singleElement()
                    .satisfies(limit -> processorLimits.put(name, ((UnitOfWorkTimeLimit<?>) limit).timeoutMs()));
        });
        assertThat(processorLimits).hasSizeGreaterThan(9).containsEntry("alert-delivery-routing", 600_000)
                .containsEntry(IncidentViewProjector.PROCESSING_GROUP, 60_000);
        // the buses keep their interceptors to themselves: read as Axon's own fields
        for (Object bus : List.of(axon.commandBus(), axon.queryBus())) {
            Field field = bus.getClass().getDeclaredField("handlerInterceptors");
            field.setAccessible(true);
            List<?> interceptors = (List<?>) field.get(bus);
            assertThat(interceptors).as(bus.getClass().getSimpleName()).noneMatch(UnitOfWorkTimeoutInterceptor.class::isInstance)
                    .filteredOn(UnitOfWorkTimeLimit.class::isInstance).singleElement()
                    .satisfies(limit -> assertThat(((UnitOfWorkTimeLimit<?>) limit).timeoutMs()).isEqualTo(60_000));
            if (bus == axon.commandBus()) {
                // around the whole command: before the ledger's own interceptors (their locks and look-ups)
                List<String> ledgers = interceptors.stream().map(interceptor -> interceptor.getClass().getName())
                        .filter(name -> name.startsWith("org.binkindly.")).toList();
                assertThat(ledgers).hasSizeGreaterThan(1).first().isEqualTo(UnitOfWorkTimeLimit.class.getName());
            }
        }
    }

    /** Whether Axon's wrapper that times one invocation is around the handler (package-private in Axon, so named). */
    private static boolean isTimed(MessageHandlingMember<?> member) {
        try {
            return member.unwrap(Class.forName("org.axonframework.messaging.timeout.TimeoutWrappedMessageHandlingMember")).isPresent();
        } catch (ClassNotFoundException e) {
            throw new AssertionError("Axon no longer has the wrapper this test looks for", e);
        }
    }
}
