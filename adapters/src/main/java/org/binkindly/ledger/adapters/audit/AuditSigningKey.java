package org.binkindly.ledger.adapters.audit;

import org.binkindly.ledger.core.audit.AuditKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

/**
 * Where the checkpoint signing key comes from: configuration ({@code ledger.audit.signing-key} or
 * {@code -file}), or else a key generated once into the data directory, the way the bootstrap
 * admin token is. The private key is never logged; the public key is written next to it for auditors.
 */
public final class AuditSigningKey {

    static final String PRIVATE_KEY_FILE = "audit-signing-key.pem";
    static final String PUBLIC_KEY_FILE = "audit-public-key.pem";

    private static final Logger log = LoggerFactory.getLogger(AuditSigningKey.class);

    private AuditSigningKey() {
    }

    /**
     * @param signingKey     PEM text from {@code ledger.audit.signing-key}, or null
     * @param signingKeyFile the file named by {@code ledger.audit.signing-key-file}, or null
     * @param dataDir        where a key is generated when neither is given
     */
    public static KeyPair load(String signingKey, Path signingKeyFile, Path dataDir) {
        if (signingKey != null && !signingKey.isBlank()) {
            return parse(signingKey, "ledger.audit.signing-key");
        }
        if (signingKeyFile != null) {
            return parse(read(signingKeyFile), signingKeyFile.toString());
        }
        return readOrGenerate(dataDir.resolve(PRIVATE_KEY_FILE).toAbsolutePath().normalize(),
                dataDir.resolve(PUBLIC_KEY_FILE).toAbsolutePath().normalize());
    }

    private static KeyPair readOrGenerate(Path privateFile, Path publicFile) {
        try {
            if (Files.exists(privateFile)) {
                KeyPair keys = parse(read(privateFile), privateFile.toString());
                writePublicKey(publicFile, keys);
                log.info("Audit checkpoints are signed with the key in {} (public key: {})", privateFile, publicFile);
                return keys;
            }
            KeyPair keys = AuditKeys.generate();
            Files.createDirectories(privateFile.getParent());
            Files.writeString(privateFile, AuditKeys.privateKeyPem(keys.getPrivate()), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            writePublicKey(publicFile, keys);
            log.warn("No audit signing key configured: generated one into {}; give auditors the public key in {}",
                    privateFile, publicFile);
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the audit signing key " + privateFile, e);
        }
    }

    private static void writePublicKey(Path publicFile, KeyPair keys) throws IOException {
        String pem = AuditKeys.publicKeyPem(keys.getPublic());
        if (!Files.exists(publicFile) || !Files.readString(publicFile, StandardCharsets.UTF_8).equals(pem)) {
            Files.writeString(publicFile, pem, StandardCharsets.UTF_8);
        }
    }

    private static KeyPair parse(String pem, String source) {
        try {
            return AuditKeys.fromPrivateKeyPem(pem);
        } catch (IllegalArgumentException e) {
            // The message names the source only: the key material itself must not reach a log.
            throw new IllegalStateException("the audit signing key in " + source
                    + " is not an Ed25519 private key in PKCS#8 PEM form (openssl genpkey -algorithm ed25519)");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit signing key file " + file, e);
        }
    }
}
