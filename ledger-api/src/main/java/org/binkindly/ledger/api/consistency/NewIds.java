package org.binkindly.ledger.api.consistency;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Ids for resources a request creates. With an Idempotency-Key the id is derived from the caller
 * and the key, so a retry of a create whose first answer was lost names the same resource and the
 * ledger can answer with it instead of creating a second one.
 */
@Component
public class NewIds {

    public <T> T next(String prefix, Function<String, T> fromText, Supplier<T> random) {
        return keyOfCurrentRequest().map(key -> fromText.apply(prefix + derive(prefix, key))).orElseGet(random);
    }

    private static Optional<String> keyOfCurrentRequest() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return Optional.empty();
        }
        Object key = attributes.getRequest().getAttribute(IdempotencyFilter.KEY_ATTRIBUTE);
        var caller = SecurityContextHolder.getContext().getAuthentication();
        return key == null || caller == null ? Optional.empty() : Optional.of(caller.getName() + "\n" + key);
    }

    private static String derive(String prefix, String callerAndKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((prefix + "\n" + callerAndKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
