package org.binkindly.ledger.adapters.s3;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3SettingsTest {

    private static final URI R2 = URI.create("https://0123456789abcdef.r2.cloudflarestorage.com");

    @Test
    void toStringNeverContainsTheSecret() {
        S3Settings settings = new S3Settings(R2, "auto", "packs", "ledger/", "AKIAEXAMPLE", "wJalrXUtnFEMI-very-secret");

        assertThat(settings.toString())
                .doesNotContain("wJalrXUtnFEMI-very-secret")
                .contains("<redacted>")
                .contains("AKIAEXAMPLE")
                .contains("packs");
    }

    @Test
    void pathStyleIsTheDefault() {
        assertThat(new S3Settings(R2, "auto", "packs", "", "id", "secret").pathStyle()).isTrue();
    }

    @Test
    void aPrefixWithoutTrailingSlashStillNamesAFolder() {
        assertThat(new S3Settings(R2, "auto", "packs", "ledger", "id", "secret").prefix()).isEqualTo("ledger/");
        assertThat(new S3Settings(R2, "auto", "packs", "ledger/", "id", "secret").prefix()).isEqualTo("ledger/");
        assertThat(new S3Settings(R2, "auto", "packs", null, "id", "secret").prefix()).isEmpty();
    }

    @Test
    void anAccessKeyWithoutItsSecretIsRefused() {
        assertThatThrownBy(() -> new S3Settings(R2, "auto", "packs", "", "id", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noCredentialsMeansTheDefaultChain() {
        S3Settings settings = new S3Settings(null, "eu-north-1", "packs", "", null, null);

        assertThat(settings.toString()).contains("AWS default").contains("default chain");
    }
}
