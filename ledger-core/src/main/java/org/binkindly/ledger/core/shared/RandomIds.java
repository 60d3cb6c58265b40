package org.binkindly.ledger.core.shared;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Random ids without a shared lock. {@code new SecureRandom()} on Linux is NativePRNG, whose every
 * instance reads {@code /dev/urandom} under one JVM-wide lock, and {@link UUID#randomUUID()} shares a
 * single instance too: under load every command (its ids, Axon's message ids, the request id) queued
 * on that lock. Here each thread has its own DRBG (seeded from the system's entropy), so no thread
 * waits for another; the ids are as unpredictable as before.
 */
public final class RandomIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RandomIds::newDrbg);

    private RandomIds() {
    }

    /** {@code bytes} random bytes as lower-case hex, e.g. the 12 digits of {@code inc-3f9a1c2b7d4e}. */
    public static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.get().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** A random (version 4) UUID, as {@link UUID#randomUUID()} makes it. */
    public static UUID uuid() {
        byte[] random = new byte[16];
        RANDOM.get().nextBytes(random);
        random[6] = (byte) ((random[6] & 0x0f) | 0x40);
        random[8] = (byte) ((random[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (random[i] & 0xff);
            least = (least << 8) | (random[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static SecureRandom newDrbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no DRBG SecureRandom", e);
        }
    }
}
