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
 * {@code actor} and where it was authenticated as {@code actorSource}: the only source of "who did
 * it", so no request body can name someone else, and a JWT user named like a token user stays
 * apart from them. Commands sent by the ledger's own policies carry the actor they set themselves,
 * {@code ledger:<component>}, a prefix no caller can have; they get the source {@code ledger}.
 */
@Component
class ActorMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    static final String LEDGER_SOURCE = "ledger";

    /** Where the caller was authenticated, kept as the authentication's details. */
    record ActorSource(String value) {
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, message) -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication == null || !authentication.isAuthenticated()
                    || authentication instanceof AnonymousAuthenticationToken) {
                Object actor = message.getMetaData().get(MetadataKeys.ACTOR);
                // a policy's command also inherits the source of the event it reacts to: its own actor decides
                return actor != null && actor.toString().startsWith(MetadataKeys.RESERVED_ACTOR_PREFIX)
                        ? message.andMetaData(Map.of(MetadataKeys.ACTOR_SOURCE, LEDGER_SOURCE)) : message;
            }
            Map<String, Object> metadata = new HashMap<>();
            metadata.put(MetadataKeys.ACTOR, authentication.getName());
            if (authentication.getDetails() instanceof ActorSource source) {
                metadata.put(MetadataKeys.ACTOR_SOURCE, source.value());
            }
            String requestId = MDC.get(MetadataKeys.REQUEST_ID);
            if (requestId != null) {
                metadata.put(MetadataKeys.REQUEST_ID, requestId);
            }
            return message.andMetaData(metadata);
        };
    }
}
