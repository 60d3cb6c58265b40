package org.binkindly.ledger.api.config;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LockFreeIdentifierFactoryTest {

    @Test
    void axonFindsItAndItsIdentifiersAreRandomUuids() {
        IdentifierFactory factory = IdentifierFactory.getInstance();
        assertThat(factory).isInstanceOf(LockFreeIdentifierFactory.class);
        String first = factory.generateIdentifier();
        assertThat(UUID.fromString(first).version()).isEqualTo(4);
        assertThat(factory.generateIdentifier()).isNotEqualTo(first);
    }
}
