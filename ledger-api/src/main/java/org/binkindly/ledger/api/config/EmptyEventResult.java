package org.binkindly.ledger.api.config;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.GenericResultMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * The outermost of the interceptors configured on every event processor (only a tracking processor's own,
 * which stores its token and hands back what it is given, sits outside it): for an event whose handlers return
 * nothing (every event handler of the ledger), it hands Axon one shared empty result instead of letting Axon
 * build one.
 * Axon's batching unit of work wraps each event's result in a new {@code GenericResultMessage}, and a message's
 * constructor draws a random identifier ({@code SecureRandom}) and copies the unit of work's correlation data
 * (the ledger's three providers, over the event's identifier and metadata): 6% of the JVM's CPU in a rebuild of
 * every view, for a message Axon only asks whether it is exceptional. A handler's exception goes through as
 * before, and so does a result that is not empty.
 */
final class EmptyEventResult implements MessageHandlerInterceptor<EventMessage<?>> {

    /** Built without a unit of work's correlation data: the constructor given an identifier does not merge any. */
    static final ResultMessage<Void> EMPTY =
            new GenericResultMessage<>(new GenericMessage<>("empty-event-result", Void.class, null, MetaData.emptyInstance()));

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain) throws Exception {
        Object result = interceptorChain.proceed();
        return result == null ? EMPTY : result;
    }
}
