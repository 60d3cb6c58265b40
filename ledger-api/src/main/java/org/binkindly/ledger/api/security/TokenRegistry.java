package org.binkindly.ledger.api.security;

import org.binkindly.ledger.api.config.LedgerProperties;
import org.binkindly.ledger.core.launch.SignOffArea;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens the ledger accepts: those in configuration and the bootstrap admin token
 * (SHA-256 digests in memory), then those an admin created at run time ({@link ApiTokenStore},
 * digests in PostgreSQL). No usable token is ever held, so a heap dump or a log line cannot leak one.
 */
@Component
public class TokenRegistry {

    private static final Logger log = LoggerFactory.getLogger(TokenRegistry.class);
    static final String ADMIN_TOKEN_FILE = "admin-token";

    /**
     * A caller: the name recorded as actor, the roles, where the caller was authenticated (recorded
     * next to the actor so that two callers of one name from different sources stay apart), and the
     * launch areas the caller may sign, or null for any (a token configured without a list).
     *
     * @param source {@code token:<token id>} (created at run time), {@code config-token:<name>} (configured),
     *               {@code bootstrap-admin-token}, or {@code jwt:<issuer>#<subject>}
     */
    public record Holder(String name, Set<Role> roles, String source, Set<SignOffArea> signOffAreas) {

        public Holder(String name, Set<Role> roles, String source) {
            this(name, roles, source, null);
        }

        public Holder {
            signOffAreas = signOffAreas == null || signOffAreas.isEmpty() ? null : Set.copyOf(signOffAreas);
        }
    }

    private final Map<String, Holder> byDigest = new HashMap<>();
    /** The names of the configured tokens and of the bootstrap admin: no stored token may take one. */
    private final java.util.Set<String> configuredNames = new java.util.HashSet<>();
    private final ApiTokenStore stored;

    public TokenRegistry(SecurityProperties properties, LedgerProperties ledger, ApiTokenStore stored) {
        this.stored = stored;
        for (SecurityProperties.TokenEntry entry : properties.tokens()) {
            register(entry);
        }
        if (byDigest.isEmpty() && properties.bootstrapAdminToken()) {
            String token = readOrCreateAdminToken(ledger.dataDir().resolve(ADMIN_TOKEN_FILE).toAbsolutePath().normalize());
            byDigest.put(sha256(token), new Holder("admin", EnumSet.of(Role.ADMIN), "bootstrap-admin-token"));
            configuredNames.add("admin");
        }
        if (byDigest.isEmpty()) {
            log.warn("No API tokens are configured and the bootstrap admin token is switched off: only tokens created "
                    + "with the `tokens create` command line can be used");
        }
    }

    /** Refuses a new token's name when a configured token, the bootstrap admin or an active stored token has it. */
    public void requireNameFree(String name) {
        if (configuredNames.contains(name)) {
            throw new ApiTokenStore.TokenNameInUse(name);
        }
    }

    public Optional<Holder> authenticate(String presentedToken) {
        if (presentedToken == null || presentedToken.isBlank() || presentedToken.length() > 512) {
            return Optional.empty();
        }
        String digest = sha256(presentedToken);
        Holder configured = byDigest.get(digest);
        return configured != null ? Optional.of(configured) : stored.holderOf(digest);
    }

    private void register(SecurityProperties.TokenEntry entry) {
        try {
            TokenNames.requireValid(entry.name());
        } catch (IllegalArgumentException invalid) {
            throw new IllegalStateException("API token: " + invalid.getMessage());
        }
        if (entry.roles() == null || entry.roles().isEmpty()) {
            throw new IllegalStateException("API token '%s' has no roles".formatted(entry.name()));
        }
        if (!configuredNames.add(entry.name())) {
            throw new IllegalStateException("API token name '%s' is configured twice: names are unique, so the log tells people apart"
                    .formatted(entry.name()));
        }
        String digest;
        if (entry.tokenSha256() != null && !entry.tokenSha256().isBlank()) {
            digest = entry.tokenSha256().strip().toLowerCase();
        } else if (entry.token() != null && entry.token().length() >= 16) {
            digest = sha256(entry.token());
        } else {
            throw new IllegalStateException("API token '%s' needs a token of at least 16 characters or a token-sha256"
                    .formatted(entry.name()));
        }
        if (byDigest.putIfAbsent(digest, new Holder(entry.name(), EnumSet.copyOf(entry.roles()), "config-token:" + entry.name(),
                entry.signOffAreas())) != null) {
            throw new IllegalStateException("API token '%s' repeats another configured token".formatted(entry.name()));
        }
    }

    private static String readOrCreateAdminToken(Path file) {
        try {
            if (Files.exists(file)) {
                log.info("No API tokens configured: using the ADMIN token in {}", file);
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = "bkl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(file.getParent());
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            log.warn("No API tokens configured: generated an ADMIN token into {} (read it with: cat {})", file, file);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the bootstrap admin token " + file, e);
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
