package org.binkindly.ledger.api.consistency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.springframework.stereotype.Component;

import java.util.OptionalLong;

/**
 * Runs inside each command's unit of work, in the transaction that appends its events:
 * <ul>
 *   <li>an Idempotency-Key whose command already committed (an earlier attempt, perhaps on a node
 *   that died before answering) skips the handler, so the command applies exactly once;</li>
 *   <li>an If-Match that names a version the aggregate has moved past refuses the command.</li>
 * </ul>
 * Two writers that both pass (two nodes at the same instant) still cannot both append: the unique
 * (aggregate, sequence) index lets one commit and the other is retried ({@link ConflictRetries}).
 */
@Component
class CommandGuard implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final IdempotencyKeys keys;
    private final EventLog eventLog;
    private final AnnotationCommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

    CommandGuard(IdempotencyKeys keys, EventLog eventLog) {
        this.keys = keys;
        this.eventLog = eventLog;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object key = command.getMetaData().get(MetadataKeys.IDEMPOTENCY_KEY);
        Object actor = command.getMetaData().get(MetadataKeys.ACTOR);
        if (key != null && actor != null && !keys.markApplied(actor.toString(), key.toString())) {
            return null;
        }
        Object expected = command.getMetaData().get(MetadataKeys.EXPECTED_VERSION);
        if (expected != null) {
            String aggregateId = targets.resolveTarget(command).getIdentifier();
            OptionalLong current = eventLog.lastSequence(aggregateId);
            if (current.isPresent() && !IfMatch.fromMetadata(expected.toString()).matches(current.getAsLong())) {
                throw new PreconditionFailed(aggregateId, current.getAsLong());
            }
        }
        return chain.proceed();
    }
}
