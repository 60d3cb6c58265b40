package org.binkindly.ledger.api.security;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.slf4j.MDC;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Stamps every command sent on behalf of an HTTP caller with the authenticated principal as
 * {@code actor}: the only source of "who did it", so no request body can name someone else.
 * Commands sent by the ledger's own policies carry the actor they set themselves.
 */
@Component
class ActorMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, message) -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication == null || !authentication.isAuthenticated()
                    || authentication instanceof AnonymousAuthenticationToken) {
                return message;
            }
            Map<String, Object> metadata = new HashMap<>();
            metadata.put(MetadataKeys.ACTOR, authentication.getName());
            String requestId = MDC.get(MetadataKeys.REQUEST_ID);
            if (requestId != null) {
                metadata.put(MetadataKeys.REQUEST_ID, requestId);
            }
            return message.andMetaData(metadata);
        };
    }
}
