package org.binkindly.ledger.api.consistency;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.binkindly.ledger.core.shared.MetadataKeys;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Carries the request's Idempotency-Key and If-Match onto the command it causes, so the checks
 * run where the command is handled, inside its transaction ({@link CommandGuard}). Neither is
 * copied onto events (they are not correlated metadata), so a command a policy sends in reaction
 * never inherits the caller's key or version.
 */
@Component
class CommandMetadata implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, message) -> {
            if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
                return message;
            }
            HttpServletRequest request = attributes.getRequest();
            Map<String, Object> metadata = new HashMap<>();
            Object key = request.getAttribute(IdempotencyFilter.KEY_ATTRIBUTE);
            if (key != null) {
                metadata.put(MetadataKeys.IDEMPOTENCY_KEY, key);
            }
            String ifMatch = request.getHeader(HttpHeaders.IF_MATCH);
            if (ifMatch != null) {
                metadata.put(MetadataKeys.EXPECTED_VERSION, IfMatch.parse(ifMatch).asMetadata());
            }
            return metadata.isEmpty() ? message : message.andMetaData(metadata);
        };
    }
}
