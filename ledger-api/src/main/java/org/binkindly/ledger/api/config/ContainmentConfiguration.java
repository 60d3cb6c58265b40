package org.binkindly.ledger.api.config;

import org.binkindly.ledger.adapters.probe.HttpResolutionProber;
import org.binkindly.ledger.adapters.probe.ProbeSettings;
import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.adapters.s3.S3ManifestStore;
import org.binkindly.ledger.adapters.s3.S3Settings;
import org.binkindly.ledger.adapters.s3.SampleScope;
import org.binkindly.ledger.core.rebind.ResolutionProber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outside world of containment: object storage for manifests (S3/R2, or the embedded store
 * by default) and the HTTP probes of the resolver and rules API.
 */
@Configuration(proxyBeanMethods = false)
class ContainmentConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ContainmentConfiguration.class);

    /** The embedded object store, started only when no storage is configured. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${ledger.storage.endpoint:}'.isEmpty() and '${ledger.storage.bucket:}'.isEmpty()")
    EmbeddedObjectStore embeddedObjectStore(LedgerProperties ledger) {
        long began = System.nanoTime();
        EmbeddedObjectStore store = EmbeddedObjectStore.start(ledger.dataDir().resolve("object-store").toAbsolutePath(), "ledger");
        long started = System.nanoTime();
        if (SampleScope.seed(store, "")) {
            log.info("Seeded the sample scope {} into the embedded object store", SampleScope.SCOPE);
        }
        // the two figures are a start's parts in docs/performance.md, P7
        log.info("Embedded S3-compatible store at {} with its data in {} (started in {} s, sample scope checked in {} s)", store.endpoint(),
                store.directory(), seconds(started - began), seconds(System.nanoTime() - started));
        return store;
    }

    @Bean(destroyMethod = "close")
    S3ManifestStore manifestStore(StorageProperties storage, ObjectProvider<EmbeddedObjectStore> embedded) {
        S3Settings settings = Optional.ofNullable(embedded.getIfAvailable()).map(store -> store.settings(""))
                .orElseGet(() -> new S3Settings(storage.endpoint(), storage.region(), storage.bucket(), storage.prefix(),
                        blankToNull(storage.accessKeyId()), blankToNull(storage.secretAccessKey()), storage.pathStyle(),
                        storage.callTimeout()));
        return new S3ManifestStore(settings);
    }

    @Bean
    SelfUrl selfUrl() {
        return new SelfUrl();
    }

    @Bean
    ResolutionProber resolutionProber(ProbeProperties probes, SelfUrl self) {
        return (scope, expected) -> new HttpResolutionProber(new ProbeSettings(self.expand(probes.resolverUrl()),
                self.expand(probes.rulesUrl()), probes.timeout())).probe(scope, expected);
    }

    private static String seconds(long nanos) {
        return "%.1f".formatted(nanos / 1e9);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** This ledger's own base URL, known once the web server has its port. */
    static final class SelfUrl implements ApplicationListener<WebServerInitializedEvent> {
        private final AtomicInteger port = new AtomicInteger();

        @Override
        public void onApplicationEvent(WebServerInitializedEvent event) {
            port.set(event.getWebServer().getPort());
        }

        String expand(String template) {
            return template == null ? null : template.replace("{self}", "http://127.0.0.1:" + port.get());
        }
    }
}
