package org.binkindly.ledger.api.consistency;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * This node's name in the database: the owner of its claims in the processors' token table and its row in
 * {@code ledger_node}. Axon's default name is pid@host, which two nodes in one JVM (or two
 * containers with the same host name and pid) share, and a node would then take another's claim
 * for its own: a random suffix per start makes each node's claims its own.
 */
public record NodeName(String value) {

    public static NodeName ofThisStart() {
        return new NodeName(ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8));
    }
}
