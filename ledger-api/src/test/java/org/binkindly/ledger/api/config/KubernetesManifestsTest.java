package org.binkindly.ledger.api.config;

import org.binkindly.ledger.api.audit.AuditProperties;
import org.binkindly.ledger.api.security.Role;
import org.binkindly.ledger.api.security.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/kubernetes/ fits this ledger: the probes are Spring's probe groups on the served port, every
 * Secret key the Deployment uses exists, and the environment the Deployment gives the container
 * binds to the settings it means (through Spring's own environment-variable binding). The
 * manifests' Kubernetes schema is checked by scripts/check-kubernetes.sh.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("..", "docs", "kubernetes");

    @Test
    void probesUseSpringsProbeGroupsOnTheServedPort() throws IOException {
        Map<String, Object> container = container();
        Map<String, Object> port = list(container, "ports").get(0);
        assertThat(port).containsEntry("containerPort", 8080).containsEntry("name", "http");

        assertThat(httpGet(container, "startupProbe")).containsEntry("path", "/actuator/health/liveness");
        assertThat(httpGet(container, "livenessProbe")).containsEntry("path", "/actuator/health/liveness")
                .containsEntry("port", "http");
        assertThat(httpGet(container, "readinessProbe")).containsEntry("path", "/actuator/health/readiness")
                .containsEntry("port", "http");
        assertThat(Files.readString(Path.of("src", "main", "resources", "application.yml")))
                .as("the probe groups are switched on, whether or not the ledger detects Kubernetes")
                .containsPattern("probes:\\s+enabled: true");
    }

    @Test
    void thePodNeverRunsAsRoot() throws IOException {
        Map<String, Object> podSecurity = map(podSpec(), "securityContext");
        assertThat(podSecurity).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
        assertThat(map(container(), "securityContext")).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true);
    }

    @Test
    void everySecretTheDeploymentReadsIsInTheSecret() throws IOException {
        Map<String, Object> secretData = map(document("secret.yaml"), "stringData");
        for (Map<String, Object> variable : list(container(), "env")) {
            Map<String, Object> from = map(variable, "valueFrom");
            if (from != null) {
                assertThat(secretData).as("secret key of %s", variable.get("name"))
                        .containsKey((String) map(from, "secretKeyRef").get("key"));
            }
            String value = (String) variable.get("value");
            if (value != null && value.contains("/etc/ledger/secret/")) {
                assertThat(secretData).as("file %s", value).containsKey(value.substring(value.lastIndexOf('/') + 1));
            }
        }
    }

    @Test
    void theContainersEnvironmentBindsToTheSettingsItMeans() throws IOException {
        Binder binder = binderOver(environment());

        StorageProperties storage = binder.bindOrCreate("ledger.storage", StorageProperties.class);
        assertThat(storage.endpoint()).isEqualTo(URI.create("https://ACCOUNT.r2.cloudflarestorage.com"));
        assertThat(storage.bucket()).isEqualTo("binkindly-packs");
        assertThat(storage.region()).isEqualTo("auto");
        assertThat(storage.accessKeyId()).isEqualTo(secret("storage-access-key-id"));
        assertThat(storage.secretAccessKey()).isEqualTo(secret("storage-secret-access-key"));

        ProbeProperties probes = binder.bindOrCreate("ledger.probes", ProbeProperties.class);
        assertThat(probes.resolverUrl()).contains("{kind}/{id}").doesNotContain("{self}");
        assertThat(probes.rulesUrl()).contains("{kind}/{id}").doesNotContain("{self}");

        AuditProperties audit = binder.bindOrCreate("ledger.audit", AuditProperties.class);
        assertThat(audit.signingKeyFile()).isEqualTo(Path.of("/etc/ledger/secret/audit-signing-key.pem"));

        assertThat(binder.bind("spring.datasource.url", String.class).get()).startsWith("jdbc:postgresql://");
        assertThat(binder.bind("spring.datasource.password", String.class).get()).isEqualTo(secret("database-password"));
        assertThat(binder.bind("logging.structured.format.console", String.class).get()).isIn("ecs", "logstash");
        assertThat(binder.bind("spring.config.import", String.class).get())
                .isEqualTo("file:/etc/ledger/secret/tokens.yml");

        assertThat(((Number) map(document("deployment.yaml"), "spec").get("replicas")).intValue()).isGreaterThan(1);
        assertThat(binder.bindOrCreate("ledger.views", ViewProperties.class).pollInterval())
                .as("several pods: reads after writes wait about this long for the other pods' positions")
                .isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theTokensFileGivesEveryTokenAHashAndRolesAndNoBootstrapToken() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader().load("tokens.yml",
                new ByteArrayResource(secret("tokens.yml").getBytes(StandardCharsets.UTF_8))).forEach(sources::addLast);
        sources.addLast(new SystemEnvironmentPropertySource("env", environment()));
        SecurityProperties security = new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("ledger.security", SecurityProperties.class);

        assertThat(security.bootstrapAdminToken()).isFalse();
        assertThat(security.tokens()).hasSize(3).allSatisfy(token -> {
            assertThat(token.token()).as("a token in clear in the Secret").isNull();
            assertThat(token.tokenSha256()).matches("[0-9a-f]{64}");
            assertThat(token.roles()).isNotEmpty();
        });
        assertThat(security.tokens()).flatExtracting(SecurityProperties.TokenEntry::roles)
                .contains(Role.ALERT_INTAKE, Role.METRICS, Role.ADMIN);
    }

    /** The container's environment as Kubernetes would give it: the ConfigMap, then env with Secret values. */
    private static Map<String, Object> environment() throws IOException {
        Map<String, Object> environment = new LinkedHashMap<>(map(document("configmap.yaml"), "data"));
        for (Map<String, Object> variable : list(container(), "env")) {
            Map<String, Object> from = map(variable, "valueFrom");
            environment.put((String) variable.get("name"),
                    from == null ? variable.get("value") : secret((String) map(from, "secretKeyRef").get("key")));
        }
        return environment;
    }

    private static Binder binderOver(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new SystemEnvironmentPropertySource("env", environment));
        return new Binder(ConfigurationPropertySources.from(sources));
    }

    private static String secret(String key) throws IOException {
        return (String) map(document("secret.yaml"), "stringData").get(key);
    }

    private static Map<String, Object> podSpec() throws IOException {
        return map(map(map(document("deployment.yaml"), "spec"), "template"), "spec");
    }

    private static Map<String, Object> container() throws IOException {
        List<Map<String, Object>> containers = list(podSpec(), "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Object> httpGet(Map<String, Object> container, String probe) {
        return map(map(container, probe), "httpGet");
    }

    private static Map<String, Object> document(String file) throws IOException {
        Map<String, Object> document = new Yaml().load(Files.readString(MANIFESTS.resolve(file)));
        assertThat(Set.of("Deployment", "Secret", "ConfigMap", "Service")).contains((String) document.get("kind"));
        return document;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.get(key);
    }
}
