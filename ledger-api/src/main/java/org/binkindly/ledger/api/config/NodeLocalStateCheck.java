package org.binkindly.ledger.api.config;

import org.binkindly.ledger.api.audit.AuditProperties;
import org.binkindly.ledger.api.security.SecurityProperties;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * With an external database any number of nodes may share it, and what one node generates for
 * itself the others cannot see: its own admin token (401 on the other nodes), its own audit
 * signing key (checkpoints the others report as signed by an unknown key) and its own embedded
 * object store. Such a start is refused before any of them is generated, naming what to share,
 * unless {@code ledger.single-node=true} says this node is the only one on its database.
 * It runs as a bean factory post-processor: before any bean, so nothing is generated first.
 */
@Component
class NodeLocalStateCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String SINGLE_NODE = "ledger.single-node";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> nodeLocal = nodeLocalState(environment);
        if (!nodeLocal.isEmpty()) {
            throw new IllegalStateException("With an external database (spring.datasource.url) several ledger nodes may "
                    + "share it, but this node would keep to itself: " + String.join("; ", nodeLocal)
                    + ". Give every node the same settings for these (docs/operations.md, 'More than one node'), or set "
                    + SINGLE_NODE + "=true if this is the only node on the database.");
        }
    }

    /** What this node would generate or run for itself alone, each with the setting that shares it; empty if nothing. */
    static List<String> nodeLocalState(Environment environment) {
        String database = environment.getProperty("spring.datasource.url");
        if (database == null || database.isBlank() || environment.getProperty(SINGLE_NODE, Boolean.class, false)) {
            return List.of();
        }
        Binder binder = Binder.get(environment);
        List<String> nodeLocal = new ArrayList<>();
        SecurityProperties security = binder.bindOrCreate("ledger.security", SecurityProperties.class);
        if ((security.tokens() == null || security.tokens().isEmpty()) && security.bootstrapAdminToken()) {
            nodeLocal.add("an admin token generated into its data directory (configure ledger.security.tokens alike on "
                    + "every node, or set ledger.security.bootstrap-admin-token=false and create tokens with the "
                    + "`tokens create` command, which keeps them in the database)");
        }
        AuditProperties audit = binder.bindOrCreate("ledger.audit", AuditProperties.class);
        if ((audit.signingKey() == null || audit.signingKey().isBlank()) && audit.signingKeyFile() == null) {
            nodeLocal.add("an audit signing key generated into its data directory (give every node the same "
                    + "ledger.audit.signing-key or ledger.audit.signing-key-file)");
        }
        StorageProperties storage = binder.bindOrCreate("ledger.storage", StorageProperties.class);
        if (storage.endpoint() == null && (storage.bucket() == null || storage.bucket().isBlank())) {
            nodeLocal.add("an object store embedded in its data directory (set ledger.storage.endpoint and "
                    + "ledger.storage.bucket to the S3-compatible store every node uses)");
        }
        return nodeLocal;
    }
}
