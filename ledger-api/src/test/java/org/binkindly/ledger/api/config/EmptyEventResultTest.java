package org.binkindly.ledger.api.config;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * In Axon's own batching unit of work, as a processor runs it: an event whose handlers return nothing is answered
 * with the one shared empty result, which carries none of the unit of work's correlation data; a result that is not
 * empty, and a handler's exception, reach Axon as before.
 */
class EmptyEventResultTest {

    private final EmptyEventResult interceptor = new EmptyEventResult();

    @Test
    void nothingReturnedIsTheSharedEmptyResultForEveryEventOfTheBatch() {
        BatchingUnitOfWork<EventMessage<?>> batch = batchOf(event("a"), event("b"));
        batch.onPrepareCommit(unitOfWork -> { });
        batch.registerCorrelationDataProvider(new MessageOriginProvider());

        ResultMessage<?> result = batch.executeWithResult(() -> interceptor.handle(batch, () -> null));

        assertThat(result).isSameAs(EmptyEventResult.EMPTY);
        assertThat(result.isExceptional()).isFalse();
        assertThat(result.getPayload()).isNull();
        assertThat(result.getMetaData()).as("no correlation data of the unit of work it was first used in")
                .isEqualTo(MetaData.emptyInstance());
        assertThat(batch.getExecutionResults()).hasSize(2).allSatisfy((event, each) ->
                assertThat(each.getResult()).isSameAs(EmptyEventResult.EMPTY));
    }

    @Test
    void aResultThatIsNotEmptyGoesThroughUnchanged() {
        BatchingUnitOfWork<EventMessage<?>> batch = batchOf(event("a"));

        ResultMessage<?> result = batch.executeWithResult(() -> interceptor.handle(batch, () -> "answer"));

        assertThat(result).isNotSameAs(EmptyEventResult.EMPTY);
        assertThat(result.getPayload()).isEqualTo("answer");
    }

    @Test
    void aHandlersExceptionGoesThroughUnchanged() throws Exception {
        IllegalStateException failure = new IllegalStateException("the view cannot take this event");

        assertThatThrownBy(() -> interceptor.handle(batchOf(event("a")), () -> {
            throw failure;
        })).isSameAs(failure);

        BatchingUnitOfWork<EventMessage<?>> batch = batchOf(event("a"));
        ResultMessage<?> result = batch.executeWithResult(() -> interceptor.handle(batch, () -> {
            throw failure;
        }));
        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isSameAs(failure);
        assertThat(batch.isRolledBack()).isTrue();
    }

    private static BatchingUnitOfWork<EventMessage<?>> batchOf(EventMessage<?>... events) {
        return new BatchingUnitOfWork<>(List.of(events));
    }

    private static EventMessage<?> event(String payload) {
        return GenericEventMessage.asEventMessage(payload);
    }
}
