package org.binkindly.ledger.api.config;

import org.axonframework.common.IdentifierFactory;
import org.binkindly.ledger.core.shared.RandomIds;

/**
 * Axon's message and event identifiers (random UUIDs, as Axon's default makes them) from a per-thread
 * generator ({@link RandomIds}) instead of {@link java.util.UUID#randomUUID()}, whose one shared
 * SecureRandom every command's messages and events queued on under load. Axon finds it through
 * {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 */
public class LockFreeIdentifierFactory extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return RandomIds.uuid().toString();
    }
}
